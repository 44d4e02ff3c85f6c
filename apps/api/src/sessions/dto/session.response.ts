import type {
  ErrorCategory,
  PhaseTimings,
  ActorView,
  SessionCounters,
  SessionDetailView,
  SessionStatus,
  SessionView,
  SyncDirection,
  SyncMode,
  SyncStage,
  SyncTrigger,
  VerificationView,
} from '@syncline/contracts';
import { ApiProperty } from '@nestjs/swagger';
import type { SyncSession } from '../entities/sync-session.entity';

export class SessionResponse implements SessionView {
  id: string;
  integrationId: string;
  integrationKey: string;
  entityType: string;
  direction: SyncDirection;
  trigger: SyncTrigger;
  mode: SyncMode | null;
  status: SessionStatus;
  stage: SyncStage | null;
  counters: SessionCounters;
  phaseTimings: PhaseTimings;
  throughput: number | null;
  attempt: number;
  parentSessionId: string | null;
  externalRef: string | null;
  triggeredBy: ActorView;
  statusReason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  createdAt: string;
  updatedAt: string;

  static from(session: SyncSession, integrationKey: string, now = new Date()): SessionResponse {
    const end = session.finishedAt ?? (session.startedAt ? now : null);
    const durationMs = session.startedAt && end ? end.getTime() - session.startedAt.getTime() : null;
    return {
      id: session.id,
      integrationId: session.integrationId,
      integrationKey,
      entityType: session.entityType,
      direction: session.direction,
      trigger: session.trigger,
      mode: session.mode,
      status: session.status,
      stage: session.stage,
      counters: countersOf(session),
      phaseTimings: session.phaseTimings,
      throughput: durationMs ? Math.round((session.processed / durationMs) * 1000 * 10) / 10 : null,
      attempt: session.attempt,
      parentSessionId: session.parentSessionId,
      externalRef: session.externalRef,
      triggeredBy: { kind: session.triggeredByKind, id: session.triggeredById, name: session.triggeredByName },
      statusReason: session.statusReason,
      startedAt: session.startedAt?.toISOString() ?? null,
      finishedAt: session.finishedAt?.toISOString() ?? null,
      durationMs,
      createdAt: session.createdAt.toISOString(),
      updatedAt: session.updatedAt.toISOString(),
    };
  }
}

export function countersOf(session: SyncSession): SessionCounters {
  const { total, processed, created, updated, deleted, skipped, failed, conflicts } = session;
  return { total, processed, created, updated, deleted, skipped, failed, conflicts };
}

export class SessionDetailResponse extends SessionResponse implements SessionDetailView {
  errorsByCategory: Partial<Record<ErrorCategory, number>>;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  verification: VerificationView | null;
}

export class SessionPage {
  items: SessionResponse[];
  nextCursor: string | null;
}
