import type { AuditEventView, Page, PrincipalKind } from '@syncline/contracts';
import type { AuditEvent } from '../entities/audit-event.entity';

export class AuditEventResponse implements AuditEventView {
  id: string;
  actorKind: PrincipalKind | 'system';
  actorId: string | null;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
  createdAt: string;

  static from(event: AuditEvent): AuditEventResponse {
    return { ...event, createdAt: event.createdAt.toISOString() };
  }
}

export class AuditEventPage implements Page<AuditEventView> {
  items: AuditEventResponse[];
  nextCursor: string | null;
}
