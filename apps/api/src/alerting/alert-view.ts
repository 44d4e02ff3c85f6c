import type { ActorView, AlertView } from '@syncline/contracts';
import type { Actor } from '../auth/principal';
import type { Alert } from './entities/alert.entity';

export const actorView = (actor: Actor): ActorView => ({ kind: actor.kind, id: actor.id, name: actor.name });

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toAlertView(alert: Alert): AlertView {
  return {
    id: alert.id,
    ruleId: alert.ruleId,
    type: alert.type,
    severity: alert.severity,
    status: alert.status,
    fingerprint: alert.fingerprint,
    integrationId: alert.integrationId,
    integrationKey: alert.integration?.key ?? null,
    entityType: alert.entityType,
    sessionId: alert.sessionId,
    title: alert.title,
    message: alert.message,
    details: alert.details,
    count: alert.count,
    firstSeenAt: alert.firstSeenAt.toISOString(),
    lastSeenAt: alert.lastSeenAt.toISOString(),
    acknowledgedAt: iso(alert.acknowledgedAt),
    acknowledgedBy: alert.acknowledgedBy,
    resolvedAt: iso(alert.resolvedAt),
    resolvedBy: alert.resolvedBy,
    resolution: alert.resolution,
    suppressedUntil: iso(alert.suppressedUntil),
    escalatedAt: iso(alert.escalatedAt),
    notificationSkipped: alert.notificationSkipped,
  };
}
