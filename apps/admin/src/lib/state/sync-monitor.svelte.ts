import type { SynclineClient } from '@syncline/sdk';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import { api } from '$lib/api/client';
import {
  toMonitorView,
  unfinishedIds,
  type MonitorSnapshot,
  type MonitorView,
  type RetryOutcome,
} from '$lib/sync/monitor';

/** Where a feed delivers what it learns. */
export interface MonitorSink {
  snapshot(snapshot: MonitorSnapshot): void;
  error(error: unknown): void;
}

export interface MonitorConnection {
  /** Asks for a fresh snapshot now, e.g. right after the person started or cancelled a sync. */
  refresh(): Promise<void>;
  close(): void;
}

/**
 * A source of snapshots. Today it polls; a Socket.IO source pushing `queue.changed` and
 * `session.*` events can replace it without the Monitor noticing.
 */
export interface MonitorFeed {
  connect(sink: MonitorSink): MonitorConnection;
}

export interface PageVisibility {
  visible(): boolean;
  /** Calls the listener when the tab is hidden or shown; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

export interface Timers {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

export const POLL_INTERVAL_MS = 2000;
/** Progress (for the ETA and pending cancels) is read for at most this many running syncs per poll. */
const MAX_PROGRESS_READS = 20;

/** Everything the Monitor shows, read in one go: status and queue together, then each running sync's progress. */
export async function loadSnapshot(client: Pick<SynclineClient, 'sync'>): Promise<MonitorSnapshot> {
  const [status, queue] = await Promise.all([client.sync.status(), client.sync.queue()]);
  const running = status.active.slice(0, MAX_PROGRESS_READS);
  // A sync may finish between the two reads; its progress is then simply left out.
  const reads = await Promise.allSettled(running.map((session) => client.sync.progress(session.id)));
  const progress: MonitorSnapshot['progress'] = {};
  reads.forEach((read, index) => {
    if (read.status === 'fulfilled') progress[running[index].id] = read.value;
  });
  return { status, queue, progress };
}

/**
 * Polls every `intervalMs` while the page is visible, one request at a time (the next poll is
 * scheduled when the last one has answered); stops while the tab is hidden and catches up when it is shown.
 */
export function pollingFeed(
  load: () => Promise<MonitorSnapshot>,
  options: { visibility: PageVisibility; intervalMs?: number; timers?: Timers },
): MonitorFeed {
  const { visibility, intervalMs = POLL_INTERVAL_MS, timers = browserTimers } = options;
  return {
    connect(sink) {
      let closed = false;
      let timer: unknown = null;
      let inFlight: Promise<void> | null = null;

      const stopTimer = () => {
        if (timer !== null) timers.clear(timer);
        timer = null;
      };
      const schedule = () => {
        stopTimer();
        if (!closed && visibility.visible()) timer = timers.set(poll, intervalMs);
      };
      function poll(): Promise<void> {
        stopTimer();
        if (closed || !visibility.visible()) return Promise.resolve();
        inFlight ??= load()
          .then(
            (snapshot) => {
              if (!closed) sink.snapshot(snapshot);
            },
            (error: unknown) => {
              if (!closed) sink.error(error);
            },
          )
          .finally(() => {
            inFlight = null;
            schedule();
          });
        return inFlight;
      }

      const unsubscribe = visibility.onChange(() => {
        if (visibility.visible()) void poll();
        else stopTimer();
      });
      void poll();

      return {
        async refresh() {
          // A poll already under way may have started before the change the caller wants to see.
          if (inFlight) await inFlight;
          await poll();
        },
        close() {
          closed = true;
          stopTimer();
          unsubscribe();
        },
      };
    },
  };
}

/** What the Monitor shows, plus what the person did here that the API does not report back yet. */
export class SyncMonitor {
  snapshot = $state.raw<MonitorSnapshot | null>(null);
  /** Why the last refresh failed; null once one succeeds again. */
  error = $state.raw<unknown>(null);
  /** Retries asked for from the Monitor, by the failed session they retry. */
  readonly retries = new SvelteMap<string, RetryOutcome>();
  readonly #cancelling = new SvelteSet<string>();
  readonly view: MonitorView | null = $derived(this.snapshot ? toMonitorView(this.snapshot, this.#cancelling) : null);
  #connection: MonitorConnection | null = null;

  constructor(private readonly feed: MonitorFeed) {}

  /** Starts receiving snapshots (the Monitor page does, while it is shown); returns the disconnect. */
  connect(): () => void {
    this.#connection?.close();
    const connection = this.feed.connect({
      snapshot: (snapshot) => this.apply(snapshot),
      error: (error) => (this.error = error),
    });
    this.#connection = connection;
    return () => {
      connection.close();
      if (this.#connection === connection) this.#connection = null;
    };
  }

  refresh(): Promise<void> {
    return this.#connection?.refresh() ?? Promise.resolve();
  }

  apply(snapshot: MonitorSnapshot): void {
    this.snapshot = snapshot;
    this.error = null;
    // "Cancelling…" lasts until the sync has left the queue and the running list.
    const unfinished = unfinishedIds(snapshot.status);
    for (const id of this.#cancelling) if (!unfinished.has(id)) this.#cancelling.delete(id);
  }

  markCancelling(sessionId: string): void {
    this.#cancelling.add(sessionId);
  }

  recordRetries(outcomes: ReadonlyMap<string, RetryOutcome>): void {
    for (const [id, outcome] of outcomes) this.retries.set(id, outcome);
  }
}

const browserTimers: Timers = {
  set: (callback, delayMs) => setTimeout(callback, delayMs),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function documentVisibility(): PageVisibility {
  if (typeof document === 'undefined') return { visible: () => true, onChange: () => () => {} };
  return {
    visible: () => document.visibilityState === 'visible',
    onChange: (listener) => {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

export const syncMonitor = new SyncMonitor(pollingFeed(() => loadSnapshot(api), { visibility: documentVisibility() }));
