import type { SessionView } from './sessions';

/** Domain events, declared once: the API, workers, admin app and SDK all use this map. */
export interface DomainEvents {
  'session.started': { session: SessionView };
  'session.progress': { session: SessionView };
  'session.completed': { session: SessionView };
  'session.failed': { session: SessionView };
  'record.synced': { sessionId: string; integrationId: string; count: number };
  'record.failed': { sessionId: string; integrationId: string; count: number };
  'error.reported': { sessionId: string; integrationId: string; count: number; categories: string[] };
}

export type DomainEventName = keyof DomainEvents;
