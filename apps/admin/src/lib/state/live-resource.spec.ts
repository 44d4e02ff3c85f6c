import type { DomainEvents, LiveEvent, LiveEventName } from '@syncline/contracts';
import { describe, expect, it, vi } from 'vitest';
import { alertView } from '$lib/alerts/test-factories';
import { sessionView } from '$lib/sync/test-factories';
import { LiveResource } from './live-resource.svelte';
import { fakeFollower, fakeVisibility, manualTimers } from './test-doubles';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

let nextEventId = 1;
function liveEvent<K extends LiveEventName>(name: K, payload: DomainEvents[K]): LiveEvent {
  return { id: `1700000000000-${nextEventId++}`, name, at: new Date().toISOString(), payload };
}
const completed = () => liveEvent('session.completed', { session: sessionView({ status: 'completed' }) });

function setUp(visibility = fakeVisibility()) {
  const timers = manualTimers();
  const server = fakeFollower();
  let version = 0;
  const load = vi.fn(async () => ++version);
  const sut = new LiveResource({
    load,
    follow: server.follow,
    changedBy: new Set<LiveEventName>(['session.completed', 'alert.fired']),
    debounceMs: 1000,
    refreshMs: 60_000,
    pollMs: 15_000,
    visibility: visibility.visibility,
    timers,
  });
  return { sut, timers, server, load, visibility };
}

/** Connected, live, and caught up after joining the room. */
async function live() {
  const setup = setUp();
  const disconnect = setup.sut.connect();
  await settle();
  setup.server.status('live');
  setup.timers.fire(1000);
  await settle();
  return { ...setup, disconnect };
}

describe('LiveResource', () => {
  it('loads at once and polls every 15 s until live events can be followed', async () => {
    const { sut, timers, load } = setUp();

    sut.connect();
    await settle();

    expect(sut.value).toBe(1);
    expect(sut.liveStatus).toBe('connecting');
    expect(timers.delays()).toEqual([15_000]);
    timers.fire(15_000);
    await settle();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('reads again after joining the room, then only every 60 s while nothing changes', async () => {
    const { sut, timers, load } = await live();

    expect(load).toHaveBeenCalledTimes(2);
    expect(sut.liveStatus).toBe('live');
    expect(timers.delays()).toEqual([60_000]);
  });

  it('answers a burst of change events with one reload a second later', async () => {
    const { sut, timers, server, load } = await live();

    server.event(completed());
    server.event(liveEvent('alert.fired', { alert: alertView() }));
    server.event(completed());
    expect(load).toHaveBeenCalledTimes(2);
    timers.fire(1000);
    await settle();

    expect(load).toHaveBeenCalledTimes(3);
    expect(sut.value).toBe(3);
  });

  it('ignores events that do not change the value', async () => {
    const { timers, server } = await live();

    server.event(liveEvent('record.synced', { sessionId: 's1', integrationId: 'i1', count: 3 }));

    expect(timers.delays()).toEqual([60_000]);
  });

  it('falls back to polling when the socket drops, and catches up when it is back', async () => {
    const { sut, timers, server, load } = await live();

    server.status('reconnecting');
    expect(sut.liveStatus).toBe('reconnecting');
    expect(timers.delays()).toEqual([15_000]);

    server.status('live');
    timers.fire(1000);
    await settle();
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('keeps the last value and says why when a load fails, until one succeeds', async () => {
    const { sut, timers, load } = setUp();
    sut.connect();
    await settle();
    load.mockRejectedValueOnce(new Error('down'));

    timers.fire(15_000);
    await settle();
    expect(sut.value).toBe(1);
    expect(sut.error).toEqual(new Error('down'));

    timers.fire(15_000);
    await settle();
    expect(sut.error).toBeNull();
  });

  it('reads nothing in a hidden tab and catches up when it is shown', async () => {
    const page = fakeVisibility();
    const { sut, timers, load } = setUp(page);
    sut.connect();
    await settle();

    page.set(false);
    expect(timers.delays()).toEqual([]);
    page.set(true);
    await settle();

    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares one socket between views and closes it when the last one leaves', async () => {
    const { sut, server } = setUp();

    const first = sut.connect();
    const second = sut.connect();
    first();
    first();
    expect(server.close).not.toHaveBeenCalled();
    second();

    expect(server.follow).toHaveBeenCalledTimes(1);
    expect(server.close).toHaveBeenCalledTimes(1);
    expect(sut.liveStatus).toBeNull();
  });

  it('reloads on request after the load already under way', async () => {
    const { sut, load } = await live();

    await Promise.all([sut.refresh(), sut.refresh()]);

    expect(load).toHaveBeenCalledTimes(4);
    expect(sut.value).toBe(4);
  });
});
