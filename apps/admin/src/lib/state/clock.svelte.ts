import { browserTimers, type Timers } from './live-env';

/** Relative times are told to the minute: a tick every half minute keeps them right. */
export const CLOCK_TICK_MS = 30_000;

/**
 * The time relative times are told against ("3 minutes ago"): one timer for the whole app, running
 * only while a view that shows such a time follows it, so those times move on without a reload.
 */
export class Clock {
  /** Milliseconds since the epoch, as of the last tick. */
  now = $state(0);
  #users = 0;
  #timer: unknown = null;

  constructor(
    private readonly read: () => number = Date.now,
    private readonly timers: Timers = browserTimers,
    private readonly tickMs = CLOCK_TICK_MS,
  ) {
    this.now = read();
  }

  /** Keeps `now` moving while the caller is shown (it calls this as it mounts); returns the stop. */
  follow(): () => void {
    if (this.#users++ === 0) {
      this.now = this.read();
      this.#schedule();
    }
    let following = true;
    return () => {
      if (!following) return;
      following = false;
      if (--this.#users > 0) return;
      this.timers.clear(this.#timer);
      this.#timer = null;
    };
  }

  #schedule(): void {
    this.#timer = this.timers.set(() => {
      this.now = this.read();
      this.#schedule();
    }, this.tickMs);
  }
}

export const clock = new Clock();
