import type { LiveEventName } from '@syncline/contracts';
import type { LiveFollower, LiveStatus } from '@syncline/sdk';
import { browserTimers, documentVisibility, type FollowLive, type PageVisibility, type Timers } from './live-env';

export interface LiveResourceOptions<T> {
  load: () => Promise<T>;
  follow: FollowLive;
  /** The live events that mean the value changed. */
  changedBy: ReadonlySet<LiveEventName>;
  /** A burst of events within this long costs one reload. */
  debounceMs?: number;
  /** Reloaded at least this often while live events arrive (a quiet room is not proof nothing changed)… */
  refreshMs?: number;
  /** …and this often while they cannot be followed. */
  pollMs?: number;
  visibility?: PageVisibility;
  timers?: Timers;
}

export const LIVE_DEBOUNCE_MS = 1000;
export const LIVE_REFRESH_MS = 60_000;
export const OFFLINE_POLL_MS = 15_000;

/**
 * A value read from the API and read again when live events say it changed (debounced), at least
 * every `refreshMs`, and every `pollMs` while the socket is not live. One load at a time; nothing is
 * read in a hidden tab, it catches up when shown. Several views may connect: the first opens the
 * socket, the last to disconnect closes it.
 */
export class LiveResource<T> {
  value = $state.raw<T | null>(null);
  /** Why the last load failed; null once one succeeds again. */
  error = $state.raw<unknown>(null);
  /** Whether live events arrive; null while not connected. */
  liveStatus = $state.raw<LiveStatus | null>(null);
  loading = $state(false);

  readonly #options: Required<LiveResourceOptions<T>>;
  #users = 0;
  #follower: LiveFollower | null = null;
  #unsubscribe: (() => void) | null = null;
  #inFlight: Promise<void> | null = null;
  #again = false;
  #next: unknown = null;
  #debounce: unknown = null;

  constructor(options: LiveResourceOptions<T>) {
    this.#options = {
      debounceMs: LIVE_DEBOUNCE_MS,
      refreshMs: LIVE_REFRESH_MS,
      pollMs: OFFLINE_POLL_MS,
      visibility: documentVisibility(),
      timers: browserTimers,
      ...options,
    };
  }

  /** Starts following (views call it while they are shown); returns the disconnect. */
  connect(): () => void {
    if (this.#users++ === 0) this.#open();
    let connected = true;
    return () => {
      if (!connected) return;
      connected = false;
      if (--this.#users === 0) this.#close();
    };
  }

  /** Reads the value now, e.g. after the person changed it; waits for a load already under way first. */
  async refresh(): Promise<void> {
    if (this.#inFlight) await this.#inFlight;
    await this.#reload();
  }

  #open(): void {
    const { follow, changedBy, visibility } = this.#options;
    void this.#reload();
    let refused = false;
    const follower = follow({
      onEvent: (event) => {
        if (changedBy.has(event.name)) this.#soon();
      },
      onResync: () => this.#soon(),
      onStatus: (status) => {
        if (refused || this.#users === 0) return;
        const wasLive = this.liveStatus === 'live';
        this.liveStatus = status;
        // Joining (again) the room: what happened before is only in a fresh read.
        if (status === 'live' && !wasLive) this.#soon();
        else this.#schedule();
      },
      onRefused: () => {
        refused = true;
        follower.close();
        this.liveStatus = null;
        this.#schedule();
      },
    });
    this.#follower = follower;
    this.#unsubscribe = visibility.onChange(() => {
      if (visibility.visible()) void this.#reload();
      else this.#clearTimers();
    });
  }

  #close(): void {
    this.#follower?.close();
    this.#follower = null;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#clearTimers();
    this.liveStatus = null;
  }

  #reload(): Promise<void> {
    if (this.#inFlight) {
      this.#again = true;
      return this.#inFlight;
    }
    this.#clearTimers();
    if (this.#users > 0 && !this.#options.visibility.visible()) return Promise.resolve();
    this.loading = true;
    this.#inFlight = this.#options
      .load()
      .then(
        (value) => {
          this.value = value;
          this.error = null;
        },
        (error: unknown) => {
          this.error = error;
        },
      )
      .finally(() => {
        this.#inFlight = null;
        this.loading = false;
        if (this.#again) {
          this.#again = false;
          void this.#reload();
        } else this.#schedule();
      });
    return this.#inFlight;
  }

  /** A change was announced: one reload for the whole burst. */
  #soon(): void {
    if (this.#debounce !== null || this.#users === 0) return;
    this.#debounce = this.#options.timers.set(() => {
      this.#debounce = null;
      void this.#reload();
    }, this.#options.debounceMs);
  }

  #schedule(): void {
    const { timers, visibility, refreshMs, pollMs } = this.#options;
    if (this.#next !== null) timers.clear(this.#next);
    this.#next = null;
    if (this.#users === 0 || this.#inFlight || !visibility.visible()) return;
    this.#next = timers.set(
      () => {
        this.#next = null;
        void this.#reload();
      },
      this.liveStatus === 'live' ? refreshMs : pollMs,
    );
  }

  #clearTimers(): void {
    const { timers } = this.#options;
    if (this.#next !== null) timers.clear(this.#next);
    if (this.#debounce !== null) timers.clear(this.#debounce);
    this.#next = this.#debounce = null;
  }
}
