import {
  compareEventIds,
  LIVE_NAMESPACE,
  type LiveClientEvents,
  type LiveEvent,
  type LiveRoom,
  type LiveServerEvents,
} from '@syncline/contracts';
import { io, type Socket } from 'socket.io-client';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export interface FollowLiveOptions {
  /** Where Syncline runs, e.g. `https://syncline.example.com` (the admin app passes its own origin). */
  baseUrl: string;
  /** A session token or an API key; without one, the browser's session cookie is sent. */
  token?: string;
  /** One room per follower: catching up after a reconnect keeps one room's events in order. */
  room: LiveRoom;
  onEvent: (event: LiveEvent) => void;
  /** What was missed could not be replayed: refetch what you show, then carry on. */
  onResync?: (reason: string) => void;
  onStatus?: (status: LiveStatus) => void;
  /** The room was refused (not yours, or no such session). */
  onRefused?: (error: string) => void;
}

export interface LiveFollower {
  close(): void;
}

/**
 * How long a follower waits before each attempt to reconnect: 1 s, then twice as long each time
 * (2 s, 4 s, 8 s, 16 s), at most 30 s. Without jitter, so a person watching the admin app's
 * "reconnecting" state sees a predictable rhythm.
 */
export const LIVE_RECONNECTION = {
  reconnectionDelay: 1000,
  reconnectionDelayMax: 30_000,
  randomizationFactor: 0,
} as const;

/**
 * Follows Syncline's live events over Socket.IO: joins the room, and after a dropped connection
 * reconnects with growing delays (`LIVE_RECONNECTION`) and joins it again from the last event received, so nothing is
 * missed or seen twice (or `onResync` says to refetch, after two minutes away).
 */
export function followLive(options: FollowLiveOptions): LiveFollower {
  const socket: Socket<LiveServerEvents, LiveClientEvents> = io(`${options.baseUrl}${LIVE_NAMESPACE}`, {
    auth: options.token ? { token: options.token } : {},
    withCredentials: true,
    transports: ['websocket'],
    ...LIVE_RECONNECTION,
  });
  let lastId: string | undefined;
  options.onStatus?.('connecting');

  socket.on('connect', () => {
    void socket.emitWithAck('subscribe', { room: options.room, since: lastId }).then((answer) => {
      if (!answer.ok) options.onRefused?.(answer.error);
    });
    options.onStatus?.('live');
  });
  socket.on('disconnect', () => options.onStatus?.('reconnecting'));
  socket.on('event', (event) => {
    if (lastId !== undefined && compareEventIds(event.id, lastId) <= 0) return;
    lastId = event.id;
    options.onEvent(event);
  });
  socket.on('resync', ({ reason }) => options.onResync?.(reason));
  return { close: () => socket.disconnect() };
}
