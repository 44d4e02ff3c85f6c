import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  isTerminal,
  type BulkSyncOutcome,
  type ManualSyncRequest,
  type QueuedSyncView,
  type SessionRetryScope,
  type SyncProgressView,
  type SyncStatusView,
  type SyncTrigger,
  type SyncTriggered,
} from '@syncline/contracts';
import { DataSource, In, MoreThan, QueryFailedError, type Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor, IntegrationScope, Principal } from '../auth/principal';
import { ApiException } from '../core/errors/api-exception';
import { DomainEventBus } from '../core/events/domain-events';
import { Integration } from '../integrations/entities/integration.entity';
import { SessionResponse } from '../sessions/dto/session.response';
import { SyncSession } from '../sessions/entities/sync-session.entity';
import { RecordLogsRepository } from '../sessions/record-logs.repository';
import { SessionsService } from '../sessions/sessions.service';
import { SettingsService } from '../settings/settings.service';
import type { BulkSyncDto } from './dto/sync.dto';
import { SyncProducer } from './sync-producer';
import { SYNC_JOBS } from './sync.queue';

const UNIQUE_VIOLATION = '23505';
const DAY_MS = 86_400_000;
/** Assumed for an entity that has never finished a sync, for queue wait estimates. */
const UNKNOWN_DURATION_MS = 60_000;

interface QueueOptions {
  trigger: SyncTrigger;
  parent?: SyncSession;
  retryScope?: SessionRetryScope;
  /** Only these records of the parent (a retry of chosen records). */
  retryKeys?: string[];
}

/**
 * Starting, stopping and watching the syncs Syncline runs. A sync is a session row first (PostgreSQL is
 * the record; a partial unique index allows one queued or running sync per integration entity, in every
 * process), then a BullMQ job whose id is the session id. A job Redis loses is queued again by the sweep.
 */
@Injectable()
export class SyncService {
  private readonly logger = new Logger(SyncService.name);

  constructor(
    @InjectRepository(SyncSession) private readonly sessions: Repository<SyncSession>,
    @InjectRepository(Integration) private readonly integrations: Repository<Integration>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: SyncProducer,
    private readonly sessionsService: SessionsService,
    private readonly recordLogs: RecordLogsRepository,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly events: DomainEventBus,
  ) {}

  async trigger(request: ManualSyncRequest, actor: Actor, options: QueueOptions): Promise<SyncTriggered> {
    const integration = await this.sessionsService.integrationFor(request.integrationId, actor);
    if (!integration.entityTypes.includes(request.entityType)) {
      throw ApiException.invalidField('entityType', `must be one of ${integration.entityTypes.join(', ')}`);
    }
    if (!integration.entities.some((entity) => entity.entityType === request.entityType)) {
      throw ApiException.invalidField('entityType', `has no mapping configured in integration ${integration.key}`);
    }
    if (integration.status !== 'active') {
      throw new ApiException('conflict', `Integration ${integration.key} is ${integration.status}`, [
        { field: 'integrationId', reason: `is ${integration.status}` },
      ]);
    }
    const session = this.sessions.create({
      integrationId: integration.id,
      entityType: request.entityType,
      direction: request.direction,
      mode: request.mode ?? 'incremental',
      trigger: options.trigger,
      status: 'queued',
      attempt: (options.parent?.attempt ?? 0) + 1,
      parentSessionId: options.parent?.id ?? null,
      retryScope: options.retryScope ?? null,
      retryKeys: options.retryKeys ?? null,
      triggeredByKind: actor.kind,
      triggeredById: actor.id,
      triggeredByName: actor.name,
    });
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.save(session);
        const details = { integration: integration.key, entityType: session.entityType, mode: session.mode };
        const entry = { action: 'sync.triggered', targetType: 'session', targetId: session.id, details };
        await this.audit.record(actor, entry, manager);
      });
    } catch (error) {
      if (!(error instanceof QueryFailedError) || (error.driverError as { code?: string }).code !== UNIQUE_VIOLATION)
        throw error;
      throw await this.alreadyRunning(integration, request.entityType);
    }
    await this.enqueue(session.id);
    this.events.publish('session.progress', { session: SessionResponse.from(session, integration.key) });
    await this.announceQueue();
    return { sessionId: session.id, jobId: session.id };
  }

  /** Queues the run; when Redis is unreachable the session stays queued in PostgreSQL and the sweep queues it. */
  async enqueue(sessionId: string): Promise<void> {
    await this.producer.queue
      .add(SYNC_JOBS.run, { sessionId }, { jobId: sessionId, attempts: 1 })
      .catch((error: Error) => this.logger.warn(`Sync ${sessionId} not queued yet (${error.message}); the sweep will`));
  }

  async cancel(sessionId: string, actor: Actor): Promise<SessionResponse> {
    const { session, integration } = await this.engineSession(sessionId, actor);
    if (isTerminal(session.status)) {
      throw new ApiException('conflict', `The sync is already ${session.status}`, [
        { field: 'status', reason: `is ${session.status}` },
      ]);
    }
    await this.audit.record(actor, {
      action: 'sync.cancelled',
      targetType: 'session',
      targetId: session.id,
      details: {},
    });
    await this.sessions.update({ id: session.id }, { cancelRequestedAt: new Date() });
    // A queued job that no worker holds yet is taken out; a running one stops at its next batch.
    const removed = session.status === 'queued' && (await this.removeWaitingJob(session.id));
    if (!removed) return SessionResponse.from({ ...session, cancelRequestedAt: new Date() }, integration.key);
    const cancelled = await this.sessionsService.update(
      session.id,
      { status: 'cancelled', statusReason: `Cancelled by ${actor.name} before it started` },
      null,
    );
    await this.announceQueue();
    return cancelled;
  }

  async retry(sessionId: string, scope: SessionRetryScope, actor: Actor): Promise<SyncTriggered> {
    const session = await this.finishedEngineSession(sessionId, actor);
    if (scope === 'failed' && (await this.recordLogs.failedKeys(session.id)).length === 0) {
      throw new ApiException('conflict', 'No records of this sync failed', [
        { field: 'scope', reason: 'nothing to retry' },
      ]);
    }
    return this.retryOf(session, actor, { retryScope: scope });
  }

  /** Runs only these records of a finished sync again, as a new session (a retry of failed records). */
  async retryRecords(sessionId: string, keys: readonly string[], actor: Actor): Promise<SyncTriggered> {
    if (keys.length === 0) throw ApiException.invalidField('recordKey', 'names no record to retry');
    const session = await this.finishedEngineSession(sessionId, actor);
    return this.retryOf(session, actor, { retryScope: 'failed', retryKeys: [...new Set(keys)] });
  }

  private async finishedEngineSession(sessionId: string, actor: Actor): Promise<SyncSession> {
    const { session } = await this.engineSession(sessionId, actor);
    if (!isTerminal(session.status)) {
      throw new ApiException('conflict', `The sync is still ${session.status}`, [
        { field: 'status', reason: `is ${session.status}` },
      ]);
    }
    return session;
  }

  private retryOf(
    session: SyncSession,
    actor: Actor,
    scope: Pick<QueueOptions, 'retryScope' | 'retryKeys'>,
  ): Promise<SyncTriggered> {
    const request = {
      integrationId: session.integrationId,
      entityType: session.entityType,
      direction: session.direction,
      mode: session.mode ?? 'incremental',
    };
    return this.trigger(request, actor, { trigger: 'retry', parent: session, ...scope });
  }

  async bulk(dto: BulkSyncDto, actor: Actor): Promise<BulkSyncOutcome[]> {
    const work: (() => Promise<{ sessionId: string }>)[] =
      dto.action === 'trigger'
        ? (dto.syncs ?? []).map((sync) => () => this.trigger(sync, actor, { trigger: actorTrigger(actor) }))
        : (dto.sessionIds ?? []).map((id) =>
            dto.action === 'cancel'
              ? async () => ({ sessionId: (await this.cancel(id, actor)).id })
              : () => this.retry(id, dto.scope ?? 'all', actor),
          );
    const outcomes: BulkSyncOutcome[] = [];
    for (const [index, run] of work.entries()) {
      try {
        outcomes.push({ index, ok: true, sessionId: (await run()).sessionId });
      } catch (error) {
        if (!(error instanceof ApiException)) throw error;
        outcomes.push({ index, ok: false, error: { statusCode: error.status, message: error.message } });
      }
    }
    return outcomes;
  }

  async status(principal: Principal): Promise<SyncStatusView> {
    const scope = principal.integrationIds ? { integrationId: In(principal.integrationIds) } : {};
    const [active, pending, failed] = await Promise.all([
      this.sessions.find({ where: { ...scope, status: 'running' }, order: { startedAt: 'ASC' }, take: 100 }),
      this.sessions.find({ where: { ...scope, status: 'queued' }, order: { createdAt: 'ASC' }, take: 100 }),
      this.sessions.find({
        where: {
          ...scope,
          status: In(['failed', 'partial', 'timed_out']),
          finishedAt: MoreThan(new Date(Date.now() - DAY_MS)),
        },
        order: { finishedAt: 'DESC' },
        take: 100,
      }),
    ]);
    const views = await this.views([...active, ...pending, ...failed]);
    return { active: views(active), pending: views(pending), failed: views(failed) };
  }

  async progress(sessionId: string, principal: Principal): Promise<SyncProgressView> {
    const { session, integration } = await this.sessionsService.sessionFor(sessionId, principal);
    const view = SessionResponse.from(session, integration.key);
    const { total, processed } = view.counters;
    const percent = isTerminal(session.status)
      ? 100
      : total > 0
        ? Math.min(100, Math.round((processed / total) * 1000) / 10)
        : null;
    const remaining = total - processed;
    const etaMs =
      view.throughput && remaining > 0 && !isTerminal(session.status)
        ? Math.round((remaining / view.throughput) * 1000)
        : null;
    return { session: view, percent, etaMs, cancelRequested: session.cancelRequestedAt !== null };
  }

  /** Queued syncs in the order workers take them, each with a wait estimated from recent run durations. */
  async pending(principal: Principal): Promise<QueuedSyncView[]> {
    const queued = await this.sessions.find({
      where: { status: 'queued', ...(principal.integrationIds ? { integrationId: In(principal.integrationIds) } : {}) },
      order: { createdAt: 'ASC' },
      take: 500,
    });
    const durations = await this.recentDurations();
    const concurrency = this.settings.sync().workerConcurrency;
    const views = await this.views(queued);
    let ahead = 0;
    return views(queued).map((session, index) => {
      const item = { position: index + 1, session, estimatedWaitMs: Math.round(ahead / concurrency) };
      ahead +=
        durations.get(`${session.integrationId}:${session.entityType}`) ?? durations.get('*') ?? UNKNOWN_DURATION_MS;
      return item;
    });
  }

  /** Average duration of the last day's finished runs, per integration entity and overall (`*`). */
  private async recentDurations(): Promise<Map<string, number>> {
    const rows: { key: string; average: number }[] = await this.dataSource.query(
      `SELECT coalesce(integration_id || ':' || entity_type, '*') AS key,
              avg(extract(epoch FROM finished_at - started_at) * 1000)::float AS average
         FROM sync_sessions
        WHERE mode IS NOT NULL AND status IN ('completed', 'partial') AND finished_at > now() - interval '1 day'
        GROUP BY GROUPING SETS ((integration_id, entity_type), ())`,
    );
    return new Map(rows.filter((row) => row.average !== null).map((row) => [row.key, row.average]));
  }

  async announceQueue(): Promise<void> {
    const [pending, active] = await Promise.all([
      this.sessions.countBy({ status: 'queued' }),
      this.sessions.countBy({ status: 'running' }),
    ]);
    this.events.publish('queue.changed', { pending, active });
  }

  private async removeWaitingJob(sessionId: string): Promise<boolean> {
    const job = await this.producer.queue.getJob(sessionId).catch(() => undefined);
    if (!job) return true;
    if (!(await job.isWaiting()) && !(await job.isDelayed())) return false;
    return job.remove().then(
      () => true,
      () => false,
    );
  }

  private async alreadyRunning(integration: Integration, entityType: string): Promise<ApiException> {
    const running = await this.sessions.findOneBy({
      integrationId: integration.id,
      entityType,
      status: In(['queued', 'running']),
    });
    return new ApiException(
      'conflict',
      `A sync of ${integration.key} ${entityType} is already ${running?.status ?? 'queued'} (session ${running?.id})`,
      [{ field: 'sessionId', reason: running?.id ?? 'unknown' }],
    );
  }

  private async engineSession(id: string, principal: IntegrationScope) {
    const found = await this.sessionsService.sessionFor(id, principal);
    if (!found.session.mode) {
      throw new ApiException('conflict', 'This session was reported by an integration; Syncline did not run it', [
        { field: 'sessionId', reason: 'is not a sync Syncline runs' },
      ]);
    }
    return found;
  }

  private async views(sessions: SyncSession[]): Promise<(list: SyncSession[]) => SessionResponse[]> {
    const ids = [...new Set(sessions.map((session) => session.integrationId))];
    const keys = new Map(
      (ids.length ? await this.integrations.findBy({ id: In(ids) }) : []).map((item) => [item.id, item.key]),
    );
    return (list) => list.map((session) => SessionResponse.from(session, keys.get(session.integrationId) ?? ''));
  }
}

export function actorTrigger(actor: Actor): SyncTrigger {
  return actor.kind === 'api_key' ? 'api' : 'manual';
}
