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
 * Follows Syncline's live events over Socket.IO: joins the room, and after a dropped connection
 * reconnects with growing delays and joins it again from the last event received, so nothing is
 * missed or seen twice (or `onResync` says to refetch, after two minutes away).
 */
export function followLive(options: FollowLiveOptions): LiveFollower {
  const socket: Socket<LiveServerEvents, LiveClientEvents> = io(`${options.baseUrl}${LIVE_NAMESPACE}`, {
    auth: options.token ? { token: options.token } : {},
    withCredentials: true,
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
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
