import type { LiveEvent } from '@syncline/contracts';
import type { LiveStatus } from '@syncline/sdk';
import { vi } from 'vitest';
import type { LiveHandlers, PageVisibility } from './live-env';

/** Timers the test fires by hand. */
export function manualTimers() {
  let next = 1;
  const pending = new Map<number, { callback: () => void; delayMs: number }>();
  return {
    pending,
    set: (callback: () => void, delayMs: number) => {
      pending.set(next, { callback, delayMs });
      return next++;
    },
    clear: (handle: unknown) => pending.delete(handle as number),
    delays: () => [...pending.values()].map((timer) => timer.delayMs).sort((a, b) => a - b),
    /** Fires the timers set for `delayMs` (all of them without it), as the event loop would after their delay. */
    fire: (delayMs?: number) => {
      const due = [...pending.entries()].filter(([, timer]) => delayMs === undefined || timer.delayMs === delayMs);
      due.forEach(([handle]) => pending.delete(handle));
      due.forEach(([, timer]) => timer.callback());
    },
  };
}

/** A tab the test hides and shows. */
export function fakeVisibility(initiallyVisible = true) {
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

/** Stands in for `followLive`: the test plays the server. Closing reports a disconnect, as a socket does. */
export function fakeFollower() {
  let handlers: LiveHandlers | null = null;
  const close = vi.fn(() => handlers?.onStatus?.('reconnecting'));
  const follow = vi.fn((given: LiveHandlers) => {
    handlers = given;
    given.onStatus?.('connecting');
    return { close };
  });
  const on = () => {
    if (!handlers) throw new Error('not following');
    return handlers;
  };
  return {
    follow,
    close,
    status: (status: LiveStatus) => on().onStatus?.(status),
    event: (event: LiveEvent) => on().onEvent(event),
    resync: () => on().onResync?.('too far behind'),
    refuse: () => on().onRefused?.('forbidden'),
  };
}
