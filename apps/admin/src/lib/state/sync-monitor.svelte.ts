import type { LiveEvent, LiveEventName, SessionView } from '@syncline/contracts';
import type { LiveStatus, SynclineClient } from '@syncline/sdk';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import { api } from '$lib/api/client';
import {
  toMonitorView,
  unfinishedIds,
  type MonitorSnapshot,
  type MonitorView,
  type RetryOutcome,
} from '$lib/sync/monitor';
import {
  browserTimers,
  documentVisibility,
  followRoom,
  type FollowLive,
  type PageVisibility,
  type Timers,
} from './live-env';

/** Where a feed delivers what it learns. */
export interface MonitorSink {
  snapshot(snapshot: MonitorSnapshot): void;
  error(error: unknown): void;
  /** How the feed hears of changes; null while it polls rather than follows live events. */
  status(status: LiveStatus | null): void;
}

export interface MonitorConnection {
  /** Asks for a fresh snapshot now, e.g. right after the person started or cancelled a sync. */
  refresh(): Promise<void>;
  close(): void;
}

/** A source of snapshots: live events, or polling while they cannot be followed. */
export interface MonitorFeed {
  connect(sink: MonitorSink): MonitorConnection;
}

export const POLL_INTERVAL_MS = 2000;
/** Progress (for the ETA and pending cancels) is read for at most this many running syncs per snapshot. */
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
 * After a load, the next one waits at least this long: a burst of events (progress comes ten a second
 * per running sync) costs a few snapshot loads a second rather than one per event.
 */
export const LIVE_REFRESH_GAP_MS = 300;

/**
 * Pushed progress reaches the view at most once per this long (ten times a second), the latest of
 * each running sync then: the API sends about that many, but a replay after a reconnect brings a
 * burst at once.
 */
export const PROGRESS_FRAME_MS = 100;

/** These change what the Monitor shows; record and conflict counts are not on it. */
const REFRESHING_EVENTS: ReadonlySet<LiveEventName> = new Set([
  'session.started',
  'session.progress',
  'session.completed',
  'session.failed',
  'queue.changed',
]);

/**
 * Loads a snapshot at once, then reloads it when live events say it changed: one load at a time,
 * at most one more wanted meanwhile, `gapMs` apart. A `session.progress` event's session is shown
 * at once, then at most once per `frameMs` (the reload then brings its ETA). Until the follower is live, and whenever it is not, it
 * polls every `intervalMs` instead, so the Monitor works without the socket; a failed load is tried
 * again as often. Nothing is loaded in a hidden tab; it catches up when shown.
 */
export function liveFeed(
  load: () => Promise<MonitorSnapshot>,
  options: {
    follow: FollowLive;
    visibility: PageVisibility;
    intervalMs?: number;
    gapMs?: number;
    frameMs?: number;
    timers?: Timers;
  },
): MonitorFeed {
  const {
    follow,
    visibility,
    intervalMs = POLL_INTERVAL_MS,
    gapMs = LIVE_REFRESH_GAP_MS,
    frameMs = PROGRESS_FRAME_MS,
    timers = browserTimers,
  } = options;
  return {
    connect(sink) {
      let closed = false;
      let live = false;
      let inFlight: Promise<void> | null = null;
      /** An event said the snapshot changed after the last load started. */
      let stale = false;
      let cooling: unknown = null;
      let poll: unknown = null;
      let shown: MonitorSnapshot | null = null;
      /**
       * Each running sync as last loaded, or as a later `session.progress` brought it: a load begun
       * before that event does not undo it.
       */
      let newest: Partial<Record<string, SessionView>> = {};
      /** While set, pushed progress waits for it; `held` says some did. */
      let frame: unknown = null;
      let held = false;

      const stopPolling = () => {
        if (poll !== null) timers.clear(poll);
        poll = null;
      };
      const show = (snapshot: MonitorSnapshot) => {
        const active = snapshot.status.active.map((session) => newest[session.id] ?? session);
        shown = { ...snapshot, status: { ...snapshot.status, active } };
        held = false;
        sink.snapshot(shown);
      };
      function start(): Promise<void> {
        stopPolling();
        if (closed || !visibility.visible()) return Promise.resolve();
        if (inFlight) return inFlight;
        if (cooling !== null) timers.clear(cooling);
        cooling = null;
        stale = false;
        let failed = false;
        inFlight = load()
          .then(
            (snapshot) => {
              if (closed) return;
              newest = Object.fromEntries(
                snapshot.status.active.map((session) => [session.id, later(newest[session.id], session)]),
              );
              show(snapshot);
            },
            (error: unknown) => {
              failed = true;
              if (!closed) sink.error(error);
            },
          )
          .finally(() => {
            inFlight = null;
            if (closed) return;
            cooling = timers.set(() => {
              cooling = null;
              if (stale) void start();
            }, gapMs);
            // Live events say when to reload, not that a failed load should be tried again.
            if ((!live || failed) && visibility.visible()) poll = timers.set(start, intervalMs);
          });
        return inFlight;
      }
      const changed = () => {
        stale = true;
        if (!inFlight && cooling === null) void start();
      };

      // A sync not running in the last snapshot waits for the reload its event asks for.
      function showProgress(session: SessionView) {
        const known = newest[session.id];
        if (!known || later(known, session) === known || !shown) return;
        newest[session.id] = session;
        if (frame !== null) {
          held = true;
          return;
        }
        show(shown);
        nextFrame();
      }
      function nextFrame() {
        frame = timers.set(() => {
          frame = null;
          if (!held || !shown || closed) return;
          show(shown);
          nextFrame();
        }, frameMs);
      }

      void start();
      let refused = false;
      const follower = follow({
        onEvent(event) {
          if (closed) return;
          if (isEvent(event, 'session.progress')) showProgress(event.payload.session);
          if (REFRESHING_EVENTS.has(event.name)) changed();
        },
        onResync: () => changed(),
        onStatus(status) {
          // Closing the socket reports a disconnect: not one to recover from.
          if (closed || refused) return;
          live = status === 'live';
          sink.status(status);
          if (!live) {
            if (!inFlight && poll === null && visibility.visible()) poll = timers.set(start, intervalMs);
            return;
          }
          stopPolling();
          // The first snapshot was read before the room was joined, and a reconnect resumes only after
          // an event was received: what happened in between is only in a fresh one.
          changed();
        },
        onRefused() {
          // Not expected for a signed-in user following `all`; should it happen, the Monitor still works by polling.
          refused = true;
          follower.close();
          live = false;
          sink.status(null);
          if (!inFlight && poll === null) void start();
        },
      });

      const unsubscribe = visibility.onChange(() => {
        if (!visibility.visible()) stopPolling();
        else if (stale || !live) void start();
      });

      return {
        async refresh() {
          // A load already under way may have started before the change the caller wants to see.
          if (inFlight) await inFlight;
          await start();
        },
        close() {
          closed = true;
          follower.close();
          stopPolling();
          if (cooling !== null) timers.clear(cooling);
          if (frame !== null) timers.clear(frame);
          unsubscribe();
        },
      };
    },
  };
}

function isEvent<K extends LiveEventName>(event: LiveEvent, name: K): event is LiveEvent<K> {
  return event.name === name;
}

/** Two pictures of the same session: the later write wins, the one already held on a tie. */
function later(held: SessionView | undefined, other: SessionView): SessionView {
  return held && Date.parse(held.updatedAt) >= Date.parse(other.updatedAt) ? held : other;
}

/** What the Monitor shows, plus what the person did here that the API does not report back yet. */
export class SyncMonitor {
  snapshot = $state.raw<MonitorSnapshot | null>(null);
  /** Why the last refresh failed; null once one succeeds again. */
  error = $state.raw<unknown>(null);
  /** Whether live events reach the Monitor; null when its feed polls. */
  liveStatus = $state.raw<LiveStatus | null>(null);
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
      status: (status) => (this.liveStatus = status),
    });
    this.#connection = connection;
    return () => {
      connection.close();
      if (this.#connection === connection) {
        this.#connection = null;
        this.liveStatus = null;
      }
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

export const syncMonitor = new SyncMonitor(
  liveFeed(() => loadSnapshot(api), {
    follow: followRoom('all'),
    visibility: documentVisibility(),
  }),
);
