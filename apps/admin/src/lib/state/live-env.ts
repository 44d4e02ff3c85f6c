import type { LiveRoom } from '@syncline/contracts';
import { followLive, type FollowLiveOptions, type LiveFollower } from '@syncline/sdk';

/** Whether the tab is shown: live state reads nothing while it is hidden and catches up when shown. */
export interface PageVisibility {
  visible(): boolean;
  /** Calls the listener when the tab is hidden or shown; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

export interface Timers {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

export const browserTimers: Timers = {
  set: (callback, delayMs) => setTimeout(callback, delayMs),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function documentVisibility(): PageVisibility {
  if (typeof document === 'undefined') return { visible: () => true, onChange: () => () => {} };
  return {
    visible: () => document.visibilityState === 'visible',
    onChange: (listener) => {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

/** The follower's callbacks: `followLive` bound to a room and a server (tests pass a fake). */
export type LiveHandlers = Pick<FollowLiveOptions, 'onEvent' | 'onResync' | 'onStatus' | 'onRefused'>;
export type FollowLive = (handlers: LiveHandlers) => LiveFollower;

/** Follows a room of this origin's API: the session cookie authenticates the socket too. */
export function followRoom(room: LiveRoom): FollowLive {
  return (handlers) => followLive({ baseUrl: location.origin, room, ...handlers });
}
