import type { DomainEventName, DomainEvents } from './events';

/** The Socket.IO namespace of live updates. */
export const LIVE_NAMESPACE = '/live';

/** The domain events live clients receive (the rest stay inside Syncline). */
export const LIVE_EVENTS = [
  'session.started',
  'session.progress',
  'session.completed',
  'session.failed',
  'record.synced',
  'record.failed',
  'conflict.detected',
  'verification.failed',
  'alert.fired',
  'alert.updated',
  'queue.changed',
] as const satisfies readonly DomainEventName[];
export type LiveEventName = (typeof LIVE_EVENTS)[number];

/** One event as delivered, over Socket.IO and SSE alike. */
export interface LiveEvent<K extends LiveEventName = LiveEventName> {
  /** Increasing, unique: the SSE `id`, and where a reconnecting client resumes (`Last-Event-ID`). */
  id: string;
  name: K;
  /** When it was published, ISO 8601. */
  at: string;
  payload: DomainEvents[K];
}

/**
 * What a client can follow: everything it may see (`all`), alerts only, one integration, or one session.
 * A client joins rooms by message; an API key limited to some integrations may join only theirs.
 */
export type LiveRoom = 'all' | 'alerts' | `integration:${string}` | `session:${string}`;

export interface LiveSubscription {
  room: LiveRoom;
  /** The id of the last event the client received: what came after it is sent first (within 2 minutes). */
  since?: string;
}

/** The answer to `subscribe` / `unsubscribe` (a Socket.IO acknowledgement). */
export type LiveAck = { ok: true; room: LiveRoom } | { ok: false; error: string };

/** Sent every 15 s, so a client can tell a quiet channel from a dead one. */
export interface LiveHeartbeat {
  at: string;
}

/** Sent when the server cannot replay what a reconnecting client missed: refetch, then follow again. */
export interface LiveResync {
  reason: string;
}

/** Socket.IO messages, server to client. */
export interface LiveServerEvents {
  event: (event: LiveEvent) => void;
  heartbeat: (beat: LiveHeartbeat) => void;
  resync: (signal: LiveResync) => void;
}

/** Socket.IO messages, client to server. */
export interface LiveClientEvents {
  subscribe: (subscription: LiveSubscription, ack: (answer: LiveAck) => void) => void;
  unsubscribe: (subscription: LiveSubscription, ack: (answer: LiveAck) => void) => void;
}

export const HEARTBEAT_INTERVAL_MS = 15_000;
/** A client that comes back within this long receives what it missed. */
export const LIVE_RECOVERY_MS = 2 * 60_000;
/** At most this many `session.progress` events per second per session reach clients. */
export const PROGRESS_EVENTS_PER_SECOND = 10;

/** Orders event ids (`<milliseconds>-<sequence>`, Redis stream ids) as they were published. */
export function compareEventIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(Number);
  const [bMs, bSeq] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}
