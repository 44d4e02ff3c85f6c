import type { SynclineClient } from '@syncline/sdk';
import { describe, expect, it, vi } from 'vitest';
import type { MonitorSnapshot } from '$lib/sync/monitor';
import { sessionView, statusView } from '$lib/sync/test-factories';
import {
  loadSnapshot,
  pollingFeed,
  SyncMonitor,
  type MonitorFeed,
  type MonitorSink,
  type PageVisibility,
} from './sync-monitor.svelte';

function snapshot(overrides: Partial<MonitorSnapshot> = {}): MonitorSnapshot {
  return { status: statusView(), queue: [], progress: {}, ...overrides };
}

function manualTimers() {
  let next = 1;
  const pending = new Map<number, { callback: () => void; delayMs: number }>();
  return {
    pending,
    set: (callback: () => void, delayMs: number) => {
      pending.set(next, { callback, delayMs });
      return next++;
    },
    clear: (handle: unknown) => pending.delete(handle as number),
    /** Fires every timer due now, as the event loop would after their delay. */
    fire: () => {
      const due = [...pending.entries()];
      pending.clear();
      due.forEach(([, timer]) => timer.callback());
    },
  };
}

function fakeVisibility(initiallyVisible = true) {
  let visible = initiallyVisible;
  const listeners = new Set<() => void>();
  const visibility: PageVisibility = {
    visible: () => visible,
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    visibility,
    listeners,
    set(value: boolean) {
      visible = value;
      listeners.forEach((listener) => listener());
    },
  };
}

function sink(): MonitorSink & { snapshots: MonitorSnapshot[]; errors: unknown[] } {
  const snapshots: MonitorSnapshot[] = [];
  const errors: unknown[] = [];
  return { snapshots, errors, snapshot: (value) => snapshots.push(value), error: (value) => errors.push(value) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('pollingFeed', () => {
  it('loads at once, then every interval after the last answer', async () => {
    const timers = manualTimers();
    const load = vi.fn(async () => snapshot());
    const received = sink();
    const sut = pollingFeed(load, { visibility: fakeVisibility().visibility, intervalMs: 2000, timers });

    sut.connect(received);
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
    expect(received.snapshots).toHaveLength(1);
    expect([...timers.pending.values()].map((timer) => timer.delayMs)).toEqual([2000]);

    timers.fire();
    await settle();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('stops while the tab is hidden and catches up when it is shown again', async () => {
    const timers = manualTimers();
    const page = fakeVisibility();
    const load = vi.fn(async () => snapshot());
    const sut = pollingFeed(load, { visibility: page.visibility, timers });
    sut.connect(sink());
    await settle();

    page.set(false);
    expect(timers.pending.size).toBe(0);
    timers.fire();
    await settle();
    expect(load).toHaveBeenCalledTimes(1);

    page.set(true);
    await settle();
    expect(load).toHaveBeenCalledTimes(2);
    expect(timers.pending.size).toBe(1);
  });

  it('does not load in a tab opened in the background until it is shown', async () => {
    const page = fakeVisibility(false);
    const load = vi.fn(async () => snapshot());
    pollingFeed(load, { visibility: page.visibility, timers: manualTimers() }).connect(sink());
    await settle();

    expect(load).not.toHaveBeenCalled();
  });

  it('reports a failed poll and keeps polling, so the page recovers by itself', async () => {
    const timers = manualTimers();
    const failure = new TypeError('offline');
    const load = vi.fn().mockRejectedValueOnce(failure).mockResolvedValue(snapshot());
    const received = sink();
    pollingFeed(load, { visibility: fakeVisibility().visibility, timers }).connect(received);
    await settle();

    expect(received.errors).toEqual([failure]);
    timers.fire();
    await settle();
    expect(received.snapshots).toHaveLength(1);
  });

  it('stops for good when closed: no timer, no listener, no late answer delivered', async () => {
    const timers = manualTimers();
    const page = fakeVisibility();
    let answer: (value: MonitorSnapshot) => void = () => {};
    const load = vi.fn(() => new Promise<MonitorSnapshot>((resolve) => (answer = resolve)));
    const received = sink();
    const connection = pollingFeed(load, { visibility: page.visibility, timers }).connect(received);

    connection.close();
    answer(snapshot());
    await settle();

    expect(received.snapshots).toEqual([]);
    expect(timers.pending.size).toBe(0);
    expect(page.listeners.size).toBe(0);
  });

  it('refreshes with a new request after the one under way', async () => {
    let answer: (value: MonitorSnapshot) => void = () => {};
    const load = vi.fn(() => new Promise<MonitorSnapshot>((resolve) => (answer = resolve)));
    const connection = pollingFeed(load, { visibility: fakeVisibility().visibility, timers: manualTimers() }).connect(
      sink(),
    );

    const refreshed = connection.refresh();
    answer(snapshot());
    await settle();
    expect(load).toHaveBeenCalledTimes(2);
    answer(snapshot());
    await refreshed;
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
  /** A feed the test pushes snapshots into, as a Socket.IO source would. */
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

  it('disconnects from its source', () => {
    const source = pushFeed();
    const sut = new SyncMonitor(source.feed);

    const disconnect = sut.connect();
    disconnect();

    expect(source.connected()).toBe(false);
  });
});
