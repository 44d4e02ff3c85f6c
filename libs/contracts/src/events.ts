import type { AlertView } from './alerts';
import type { SessionView } from './sessions';
import type { VerificationView } from './sync';

/** Domain events, declared once: the API, workers, admin app and SDK all use this map. */
export interface DomainEvents {
  'session.started': { session: SessionView };
  'session.progress': { session: SessionView };
  'session.completed': { session: SessionView };
  'session.failed': { session: SessionView };
  'record.synced': { sessionId: string; integrationId: string; count: number };
  'record.failed': { sessionId: string; integrationId: string; count: number };
  'error.reported': { sessionId: string; integrationId: string; count: number; categories: string[] };
  'conflict.detected': { sessionId: string; integrationId: string; count: number; conflictIds: string[] };
  'verification.failed': { session: SessionView; verification: VerificationView };
  'resync.failed': { session: SessionView; reason: string };
  /** An integration was created, changed or deleted. */
  'integration.changed': { integrationId: string };
  /** An alert opened (or reopened). */
  'alert.fired': { alert: AlertView };
  /** An alert repeated, was acknowledged, suppressed, escalated or resolved. */
  'alert.updated': { alert: AlertView };
  /** A sync was queued, started or left the queue. */
  'queue.changed': { pending: number; active: number };
}

export type DomainEventName = keyof DomainEvents;
