import type { DomainEvents, LiveEvent, LiveEventName, SessionView } from '@syncline/contracts';
import type { LiveStatus, SynclineClient } from '@syncline/sdk';
import { describe, expect, it, vi } from 'vitest';
import type { MonitorSnapshot } from '$lib/sync/monitor';
import { sessionView, statusView } from '$lib/sync/test-factories';
import type { PageVisibility } from './live-env';
import { liveFeed, loadSnapshot, SyncMonitor, type MonitorFeed, type MonitorSink } from './sync-monitor.svelte';
import { fakeFollower, fakeVisibility, manualTimers } from './test-doubles';

function snapshot(overrides: Partial<MonitorSnapshot> = {}): MonitorSnapshot {
  return { status: statusView(), queue: [], progress: {}, ...overrides };
}

function sink(): MonitorSink & { snapshots: MonitorSnapshot[]; errors: unknown[]; statuses: (LiveStatus | null)[] } {
  const snapshots: MonitorSnapshot[] = [];
  const errors: unknown[] = [];
  const statuses: (LiveStatus | null)[] = [];
  return {
    snapshots,
    errors,
    statuses,
    snapshot: (value) => snapshots.push(value),
    error: (value) => errors.push(value),
    status: (value) => statuses.push(value),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('liveFeed', () => {
  const T = (seconds: number) => new Date(Date.UTC(2026, 10, 23, 12, 0, seconds)).toISOString();
  const running = (processed: number, updatedAt: string) =>
    sessionView({ counters: { ...sessionView().counters, processed }, updatedAt });
  const withRunning = (session: SessionView) => snapshot({ status: statusView({ active: [session] }) });

  let nextEventId = 1;
  function liveEvent<K extends LiveEventName>(name: K, payload: DomainEvents[K]): LiveEvent {
    return { id: `1700000000000-${nextEventId++}`, name, at: T(0), payload };
  }
  const progressEvent = (session: SessionView) => liveEvent('session.progress', { session });

  /** Loads the test answers one by one, counting how many ran at the same time. */
  function answeredLoads() {
    const waiting: ((value: MonitorSnapshot) => void)[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const load = vi.fn(
      () =>
        new Promise<MonitorSnapshot>((resolve) => {
          running++;
          mostAtOnce = Math.max(mostAtOnce, running);
          waiting.push((value) => {
            running--;
            resolve(value);
          });
        }),
    );
    return {
      load,
      mostAtOnce: () => mostAtOnce,
      waiting: () => waiting.length,
      answer: async (value: MonitorSnapshot = snapshot()) => {
        const next = waiting.shift();
        if (!next) throw new Error('no load under way');
        next(value);
        await settle();
      },
    };
  }

  function setUp(options: { visibility?: PageVisibility } = {}) {
    const timers = manualTimers();
    const server = fakeFollower();
    const loads = answeredLoads();
    const received = sink();
    const connection = liveFeed(loads.load, {
      follow: server.follow,
      visibility: options.visibility ?? fakeVisibility().visibility,
      intervalMs: 2000,
      gapMs: 300,
      timers,
    }).connect(received);
    return { timers, server, loads, load: loads.load, received, connection };
  }

  /** Connected, live, and caught up: the first snapshot and the one after joining the room are in. */
  async function live(first: MonitorSnapshot = snapshot()) {
    const sut = setUp();
    await sut.loads.answer(first);
    sut.server.status('live');
    sut.timers.fire(300);
    await sut.loads.answer(first);
    sut.timers.fire(300);
    return sut;
  }

  it('delivers a first snapshot at once, polls until live, then reloads once to catch up and polls no more', async () => {
    const { timers, server, loads, received } = setUp();
    expect(loads.load).toHaveBeenCalledTimes(1);
    expect(received.statuses).toEqual(['connecting']);
    await loads.answer();
    expect(received.snapshots).toHaveLength(1);
    expect(timers.delays()).toEqual([300, 2000]);

    server.status('live');
    expect(received.statuses).toEqual(['connecting', 'live']);
    expect(timers.delays()).toEqual([300]);
    timers.fire(300);
    expect(loads.load).toHaveBeenCalledTimes(2);
    await loads.answer();
    timers.fire(300);

    expect(loads.load).toHaveBeenCalledTimes(2);
    expect(timers.delays()).toEqual([]);
  });

  it('reloads on session and queue events, a burst costing one load under way and one after it', async () => {
    const { timers, server, loads, load } = await live();

    server.event(liveEvent('queue.changed', { pending: 1, active: 0 }));
    expect(load).toHaveBeenCalledTimes(3);
    for (let i = 0; i < 20; i++) server.event(progressEvent(running(i, T(i))));
    server.event(liveEvent('session.completed', { session: sessionView({ status: 'completed' }) }));
    expect(load).toHaveBeenCalledTimes(3);

    await loads.answer();
    expect(load).toHaveBeenCalledTimes(3);
    timers.fire(300);
    expect(load).toHaveBeenCalledTimes(4);
    await loads.answer();
    timers.fire(300);

    expect(load).toHaveBeenCalledTimes(4);
    expect(loads.mostAtOnce()).toBe(1);
  });

  it('waits the gap after a load before the next, even for an event arriving when none is under way', async () => {
    const { timers, server, loads, load } = await live();
    server.event(liveEvent('session.started', { session: sessionView() }));
    await loads.answer();

    server.event(liveEvent('session.failed', { session: sessionView({ status: 'failed' }) }));
    expect(load).toHaveBeenCalledTimes(3);
    timers.fire(300);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('does not reload for events the Monitor does not show', async () => {
    const { server, load } = await live();

    server.event(liveEvent('record.synced', { sessionId: 's', integrationId: 'i', count: 5 }));
    server.event(liveEvent('conflict.detected', { sessionId: 's', integrationId: 'i', count: 1, conflictIds: ['c'] }));

    expect(load).toHaveBeenCalledTimes(2);
  });

  it("shows a progress event's session at once, and a load begun before it does not undo it", async () => {
    const { server, loads, received } = await live(withRunning(running(50, T(2))));
    const processed = () => received.snapshots.at(-1)?.status.active[0].counters.processed;

    server.event(progressEvent(running(120, T(4))));
    expect(processed()).toBe(120);
    server.event(progressEvent(running(90, T(3))));
    expect(processed()).toBe(120);

    await loads.answer(withRunning(running(100, T(3))));
    expect(processed()).toBe(120);
    expect(received.snapshots.at(-1)?.status.active[0].updatedAt).toBe(T(4));
  });

  it('lets at most ten progress updates a second through to the view, each the latest, the last one at the end', async () => {
    const { timers, server, received } = await live(withRunning(running(0, T(0))));
    const before = received.snapshots.length;
    const shown = () => received.snapshots.slice(before).map((shot) => shot.status.active[0].counters.processed);

    // A second of progress at a hundred events a second (as a replay after a reconnect brings them), a
    // tenth of a second passing after every ten.
    const at = (ms: number) => new Date(Date.parse(T(1)) + ms).toISOString();
    for (let tenth = 0; tenth < 10; tenth++) {
      for (let i = tenth * 10; i < tenth * 10 + 10; i++) server.event(progressEvent(running(i + 1, at(i * 10))));
      if (tenth < 9) timers.fire(100);
    }
    expect(shown()).toEqual([1, 10, 20, 30, 40, 50, 60, 70, 80, 90]);

    timers.fire(100);
    expect(shown().at(-1)).toBe(100);
    timers.fire(100);
    expect(shown()).toHaveLength(11);
    expect(timers.delays()).not.toContain(100);
  });

  it('coalesces the progress of every running sync into the same ten updates a second', async () => {
    const other = sessionView({ id: 'other', counters: { ...sessionView().counters, processed: 0 }, updatedAt: T(0) });
    const { timers, server, received } = await live(
      snapshot({ status: statusView({ active: [running(0, T(0)), other] }) }),
    );
    const before = received.snapshots.length;

    server.event(progressEvent(running(5, T(1))));
    server.event(progressEvent({ ...other, counters: { ...other.counters, processed: 7 }, updatedAt: T(1) }));
    server.event(progressEvent(running(6, T(2))));
    expect(received.snapshots.length - before).toBe(1);

    timers.fire(100);
    expect(received.snapshots.length - before).toBe(2);
    const latest = received.snapshots.at(-1)!.status.active;
    expect(latest.map((session) => session.counters.processed)).toEqual([6, 7]);
  });

  it('takes a newer load over a pushed progress, and drops a sync that has left the running list', async () => {
    const { timers, server, loads, received } = await live(withRunning(running(50, T(2))));
    server.event(progressEvent(running(120, T(4))));
    await loads.answer(withRunning(running(150, T(5))));
    expect(received.snapshots.at(-1)?.status.active[0].counters.processed).toBe(150);

    timers.fire(300);
    server.event(liveEvent('session.completed', { session: running(200, T(6)) }));
    await loads.answer(snapshot());
    expect(received.snapshots.at(-1)?.status.active).toEqual([]);
  });

  it('ignores progress of a sync not shown as running (the reload brings it)', async () => {
    const { server, received } = await live();
    const shown = received.snapshots.length;

    server.event(progressEvent(running(10, T(9))));

    expect(received.snapshots).toHaveLength(shown);
  });

  it('reloads when the server cannot replay what was missed', async () => {
    const { timers, server, load } = await live();

    server.resync();
    expect(load).toHaveBeenCalledTimes(3);
    expect(timers.delays()).toEqual([]);
  });

  it('polls while reconnecting, and catches up and stops polling once live again', async () => {
    const { timers, server, loads, load, received } = await live();

    server.status('reconnecting');
    expect(received.statuses.at(-1)).toBe('reconnecting');
    expect(timers.delays()).toEqual([2000]);
    timers.fire(2000);
    expect(load).toHaveBeenCalledTimes(3);
    await loads.answer();
    expect(timers.delays()).toEqual([300, 2000]);

    timers.fire(300);
    server.status('live');
    expect(load).toHaveBeenCalledTimes(4);
    await loads.answer();
    timers.fire(300);
    expect(timers.delays()).toEqual([]);
  });

  it('keeps polling when the socket never connects', async () => {
    const { timers, loads, load, received } = setUp();
    await loads.answer();
    timers.fire(300);

    timers.fire(2000);
    await loads.answer();
    timers.fire(300);
    timers.fire(2000);

    expect(load).toHaveBeenCalledTimes(3);
    expect(received.statuses).toEqual(['connecting']);
  });

  it('tries a failed load again after the interval while live, and reports it', async () => {
    const { timers, server, loads, load, received } = await live();
    const failure = new TypeError('offline');
    load.mockRejectedValueOnce(failure);

    server.event(liveEvent('queue.changed', { pending: 0, active: 1 }));
    await settle();
    expect(received.errors).toEqual([failure]);
    expect(timers.delays()).toEqual([300, 2000]);
    timers.fire(300);
    timers.fire(2000);
    expect(load).toHaveBeenCalledTimes(4);
    expect(loads.waiting()).toBe(1);
  });

  it('loads nothing in a hidden tab, and catches up once when shown', async () => {
    const page = fakeVisibility();
    const { timers, server, loads } = setUp({ visibility: page.visibility });
    await loads.answer();
    server.status('live');
    timers.fire(300);
    await loads.answer();
    timers.fire(300);

    page.set(false);
    server.event(liveEvent('queue.changed', { pending: 1, active: 0 }));
    timers.fire();
    expect(loads.load).toHaveBeenCalledTimes(2);

    page.set(true);
    expect(loads.load).toHaveBeenCalledTimes(3);
  });

  it('refreshes on request with a new load after the one under way', async () => {
    const { server, loads, load, connection } = await live();
    server.event(liveEvent('queue.changed', { pending: 1, active: 0 }));

    const refreshed = connection.refresh();
    await loads.answer();
    expect(load).toHaveBeenCalledTimes(4);
    await loads.answer();
    await refreshed;
    expect(loads.mostAtOnce()).toBe(1);
  });

  it('falls back to polling for good when the room is refused', async () => {
    const { timers, server, loads, load, received } = await live();

    server.refuse();
    expect(server.close).toHaveBeenCalled();
    expect(received.statuses.at(-1)).toBeNull();
    expect(load).toHaveBeenCalledTimes(3);
    await loads.answer();
    expect(timers.delays()).toEqual([300, 2000]);
  });

  it('stops for good when closed: socket closed, no late answer or status, no timer, no listener', async () => {
    const page = fakeVisibility();
    const { timers, server, loads, received, connection } = setUp({ visibility: page.visibility });

    connection.close();
    await loads.answer();

    expect(server.close).toHaveBeenCalled();
    expect(received.snapshots).toEqual([]);
    expect(received.statuses).toEqual(['connecting']);
    expect(timers.delays()).toEqual([]);
    expect(page.listeners.size).toBe(0);
  });
});

describe('loadSnapshot', () => {
  it('reads status and queue, then the progress of each running sync, leaving out one that ended meanwhile', async () => {
    const running = sessionView({ id: 'running' });
    const ended = sessionView({ id: 'ended' });
    const client = {
      sync: {
        status: vi.fn(async () => statusView({ active: [running, ended] })),
        queue: vi.fn(async () => []),
        progress: vi.fn(async (id: string) => {
          if (id === 'ended') throw new Error('gone');
          return { session: running, percent: 25, etaMs: 6000, cancelRequested: false };
        }),
      },
    } as unknown as Pick<SynclineClient, 'sync'>;

    const sut = await loadSnapshot(client);

    expect(Object.keys(sut.progress)).toEqual(['running']);
    expect(sut.status.active).toHaveLength(2);
  });
});

describe('SyncMonitor', () => {
  /** A feed the test pushes snapshots and statuses into. */
  function pushFeed() {
    let current: MonitorSink | null = null;
    const feed: MonitorFeed = {
      connect(target) {
        current = target;
        return { refresh: async () => {}, close: () => (current = null) };
      },
    };
    return {
      feed,
      push: (value: MonitorSnapshot) => current?.snapshot(value),
      fail: (error: unknown) => current?.error(error),
      status: (value: LiveStatus | null) => current?.status(value),
      connected: () => current !== null,
    };
  }

  it('has no view until the first snapshot arrives', () => {
    const sut = new SyncMonitor(pushFeed().feed);

    expect(sut.view).toBeNull();
  });

  it('shows "Cancelling…" from the cancel until the sync has left the running list', () => {
    const source = pushFeed();
    const sut = new SyncMonitor(source.feed);
    sut.connect();
    const running = sessionView();
    source.push(snapshot({ status: statusView({ active: [running] }) }));

    sut.markCancelling(running.id);
    expect(sut.view?.active[0].cancelling).toBe(true);
    source.push(snapshot({ status: statusView({ active: [running] }) }));
    expect(sut.view?.active[0].cancelling).toBe(true);

    source.push(snapshot());
    source.push(snapshot({ status: statusView({ active: [running] }) }));
    expect(sut.view?.active[0].cancelling).toBe(false);
  });

  it('keeps the last picture when a refresh fails, and clears the error on the next success', () => {
    const source = pushFeed();
    const sut = new SyncMonitor(source.feed);
    sut.connect();
    source.push(snapshot());

    source.fail(new TypeError('offline'));
    expect(sut.error).toBeInstanceOf(TypeError);
    expect(sut.view).not.toBeNull();

    source.push(snapshot());
    expect(sut.error).toBeNull();
  });

  it('remembers retries asked for here, a later success replacing a failure', () => {
    const sut = new SyncMonitor(pushFeed().feed);

    sut.recordRetries(new Map([['failed-1', { ok: false, message: 'The sync is still running' }]]));
    sut.recordRetries(new Map([['failed-1', { ok: true, sessionId: 'retry-1' }]]));

    expect(sut.retries.get('failed-1')).toEqual({ ok: true, sessionId: 'retry-1' });
  });

  it('tells whether live events reach it, and forgets once disconnected', () => {
    const source = pushFeed();
    const sut = new SyncMonitor(source.feed);
    const disconnect = sut.connect();

    source.status('reconnecting');
    expect(sut.liveStatus).toBe('reconnecting');
    source.status('live');
    expect(sut.liveStatus).toBe('live');
    disconnect();
    expect(sut.liveStatus).toBeNull();
  });

  it('disconnects from its source', () => {
    const source = pushFeed();
    const sut = new SyncMonitor(source.feed);

    const disconnect = sut.connect();
    disconnect();

    expect(source.connected()).toBe(false);
  });
});
