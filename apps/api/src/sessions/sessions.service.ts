import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  isTerminal,
  type DomainEventName,
  type ErrorCategory,
  type RecordLogInput,
  type SessionStatus,
  type SyncErrorInput,
  type UpdateSessionRequest,
} from '@syncline/contracts';
import { DataSource, In, QueryFailedError, type Repository, type SelectQueryBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { IntegrationScope, Principal, RequestActor } from '../auth/principal';
import { ApiException } from '../core/errors/api-exception';
import { DomainEventBus } from '../core/events/domain-events';
import { entityFromRaw, streamRows } from '../core/database/stream-rows';
import { decodeCursor, toPage } from '../core/http/cursor';
import { Integration } from '../integrations/entities/integration.entity';
import type { AppendedRecords, RecordLogPage, RecordLogQueryDto, RecordLogResponse } from './dto/record-log.dto';
import type { CreateSessionDto, SessionFilters, SessionQueryDto } from './dto/session.dto';
import { countersOf, SessionDetailResponse, SessionPage, SessionResponse } from './dto/session.response';
import {
  SyncErrorResponse,
  type AppendedCount,
  type MetricBatchDto,
  type SyncErrorBatchDto,
  type SyncErrorPage,
  type SyncErrorQueryDto,
} from './dto/sync-error.dto';
import { MetricSample } from './entities/metric-sample.entity';
import { SyncError } from './entities/sync-error.entity';
import { SyncSession } from './entities/sync-session.entity';
import type { RecordBatch } from './dto/record-batch.pipe';
import { RecordLogsRepository } from './record-logs.repository';
import { prepareRecords } from './prepare-records';
import { Redactor } from './redaction';
import { applySessionUpdate, type SessionState } from './session-lifecycle';

const UNIQUE_VIOLATION = '23505';
const RETRYABLE_CATEGORIES: ErrorCategory[] = ['network', 'timeout', 'rate_limit', 'remote_server'];

export interface SessionExport {
  session: SessionResponse;
  records: AsyncIterable<RecordLogResponse>;
  errors: AsyncIterable<SyncErrorResponse>;
}

export interface CreatedSession {
  session: SessionResponse;
  /** False when an earlier request with the same idempotency key already created it. */
  created: boolean;
}

@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(SyncSession) private readonly sessions: Repository<SyncSession>,
    @InjectRepository(SyncError) private readonly errors: Repository<SyncError>,
    @InjectRepository(Integration) private readonly integrations: Repository<Integration>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recordLogs: RecordLogsRepository,
    private readonly events: DomainEventBus,
    private readonly audit: AuditService,
  ) {}

  async create(dto: CreateSessionDto, actor: RequestActor, idempotencyKey?: string): Promise<CreatedSession> {
    const integration = await this.integrationFor(dto.integrationId, actor);
    if (!integration.entityTypes.includes(dto.entityType)) {
      throw ApiException.invalidField('entityType', `must be one of ${integration.entityTypes.join(', ')}`);
    }
    const externalRef = dto.externalRef ?? idempotencyKey ?? null;
    const existing = externalRef && (await this.sessions.findOneBy({ integrationId: integration.id, externalRef }));
    if (existing) return { session: SessionResponse.from(existing, integration.key), created: false };

    const status = dto.status ?? 'running';
    const session = this.sessions.create({
      integrationId: integration.id,
      entityType: dto.entityType,
      direction: dto.direction,
      trigger: dto.trigger ?? (actor.kind === 'api_key' ? 'api' : 'manual'),
      status,
      total: dto.total ?? 0,
      externalRef,
      triggeredByKind: actor.kind,
      triggeredById: actor.id,
      triggeredByName: actor.name,
      startedAt: status === 'running' ? new Date() : null,
    });
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.save(session);
        await this.audit.record(
          actor,
          {
            action: 'session.created',
            targetType: 'session',
            targetId: session.id,
            details: { integration: integration.key, entityType: session.entityType, externalRef },
          },
          manager,
        );
      });
    } catch (error) {
      const lostRace =
        error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION;
      if (!lostRace || !externalRef) throw error;
      const winner = await this.sessions.findOneByOrFail({ integrationId: integration.id, externalRef });
      return { session: SessionResponse.from(winner, integration.key), created: false };
    }
    const view = SessionResponse.from(session, integration.key);
    if (status === 'running') this.events.publish('session.started', { session: view });
    return { session: view, created: true };
  }

  /** Moves a session along its lifecycle; `principal` null is Syncline itself (the sync engine). */
  async update(id: string, dto: UpdateSessionRequest, principal: Principal | null): Promise<SessionResponse> {
    const { before, after, integrationKey } = await this.dataSource.transaction(async (manager) => {
      const session = await manager.findOne(SyncSession, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!session) throw ApiException.notFound('Session', id);
      const integration = await this.integrationFor(session.integrationId, principal);
      const previous = session.status;
      const next = applySessionUpdate(stateOf(session), dto, new Date());
      Object.assign(session, next.counters, {
        status: next.status,
        stage: next.stage,
        phaseTimings: next.phaseTimings,
        statusReason: next.statusReason,
        startedAt: next.startedAt,
        finishedAt: next.finishedAt,
      });
      await manager.save(session);
      return { before: previous, after: session, integrationKey: integration.key };
    });
    const view = SessionResponse.from(after, integrationKey);
    this.events.publish(eventFor(before, after.status), { session: view });
    return view;
  }

  async appendRecords(id: string, batch: RecordBatch, principal: Principal): Promise<AppendedRecords> {
    const { session, integration } = await this.sessionFor(id, principal);
    if (isTerminal(session.status)) {
      throw new ApiException('conflict', `The session is already ${session.status}; it accepts no more records`, [
        { field: 'status', reason: `is ${session.status}` },
      ]);
    }
    return { accepted: await this.storeRecords(session, integration, batch.records) };
  }

  /** Redacts and stores record logs, and tells listeners how many records synced and failed. */
  async storeRecords(session: SyncSession, integration: Integration, inputs: RecordLogInput[]): Promise<number> {
    const records = prepareRecords(inputs, new Redactor(integration.redactedFields));
    const accepted = await this.recordLogs.append(session.id, records);
    const failed = records.filter((record) => record.action === 'fail').length;
    const ids = { sessionId: session.id, integrationId: integration.id };
    if (accepted > failed) this.events.publish('record.synced', { ...ids, count: accepted - failed });
    if (failed > 0) this.events.publish('record.failed', { ...ids, count: failed });
    return accepted;
  }

  async listRecords(id: string, query: RecordLogQueryDto, principal: Principal): Promise<RecordLogPage> {
    await this.sessionFor(id, principal);
    return this.recordLogs.list(id, query);
  }

  async addErrors(id: string, batch: SyncErrorBatchDto, principal: Principal): Promise<AppendedCount> {
    const { session, integration } = await this.sessionFor(id, principal);
    return { accepted: await this.storeErrors(session, integration, batch.errors) };
  }

  /** Redacts and stores errors of a session, and tells listeners which categories occurred. */
  async storeErrors(session: SyncSession, integration: Integration, inputs: SyncErrorInput[]): Promise<number> {
    const redactor = new Redactor(integration.redactedFields);
    const rows = inputs.map((error) =>
      this.errors.create({
        sessionId: session.id,
        integrationId: session.integrationId,
        category: error.category,
        severity: error.severity ?? 'error',
        code: error.code ?? null,
        message: error.message,
        retryable: error.retryable ?? RETRYABLE_CATEGORIES.includes(error.category),
        retryCount: error.retryCount ?? 0,
        recordKey: error.recordKey ?? null,
        request: redactor.redact(error.request ?? null),
        response: redactor.redact(error.response ?? null),
        stack: error.stack ?? null,
      }),
    );
    if (rows.length === 0) return 0;
    await this.errors.save(rows);
    this.events.publish('error.reported', {
      sessionId: session.id,
      integrationId: integration.id,
      count: rows.length,
      categories: [...new Set(rows.map((row) => row.category))],
    });
    return rows.length;
  }

  async listErrors(id: string, query: SyncErrorQueryDto, principal: Principal): Promise<SyncErrorPage> {
    await this.sessionFor(id, principal);
    const builder = this.errors
      .createQueryBuilder('error')
      .where('error.sessionId = :id', { id })
      .orderBy('error.id', 'ASC')
      .take(query.limit + 1);
    if (query.category) builder.andWhere('error.category = :category', { category: query.category });
    if (query.severity) builder.andWhere('error.severity = :severity', { severity: query.severity });
    if (query.cursor) builder.andWhere('error.id > :after', { after: decodeCursor(query.cursor, 1)[0] });
    const rows = await builder.getMany();
    return toPage(rows, query.limit, (last) => [last.id], SyncErrorResponse.from);
  }

  async addMetrics(id: string, batch: MetricBatchDto, principal: Principal): Promise<AppendedCount> {
    const { session } = await this.sessionFor(id, principal);
    const now = new Date();
    await this.dataSource.getRepository(MetricSample).insert(
      batch.samples.map((sample) => ({
        sessionId: session.id,
        integrationId: session.integrationId,
        name: sample.name,
        value: sample.value,
        labels: sample.labels ?? {},
        recordedAt: sample.recordedAt ? new Date(sample.recordedAt) : now,
      })),
    );
    return { accepted: batch.samples.length };
  }

  async list(query: SessionQueryDto, principal: Principal): Promise<SessionPage> {
    const builder = this.history(query, principal).take(query.limit + 1);
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, 2);
      builder.andWhere('(session.createdAt, session.id) < (:createdAt, :id)', { createdAt, id });
    }
    const rows = await builder.getMany();
    return toPage(
      rows,
      query.limit,
      (last) => [last.createdAt.toISOString(), last.id],
      (session) => SessionResponse.from(session, session.integration!.key),
    );
  }

  /** Every session matching the history filters, newest first, streamed from the database. */
  async *exportHistory(query: SessionFilters, principal: Principal): AsyncGenerator<SessionResponse> {
    const [sql, parameters] = this.history(query, principal).getQueryAndParameters();
    for await (const raw of streamRows<Record<string, unknown>>(this.dataSource, sql, parameters)) {
      const session = entityFromRaw<SyncSession>(this.sessions.metadata, 'session', raw);
      yield SessionResponse.from(session, raw.integration_key as string);
    }
  }

  /** One session's record logs and errors, streamed, for its export. */
  async exportSession(id: string, principal: Principal): Promise<SessionExport> {
    const { session, integration } = await this.sessionFor(id, principal);
    const [errorsSql, errorParameters] = this.errors
      .createQueryBuilder('error')
      .where('error.sessionId = :id', { id })
      .orderBy('error.id', 'ASC')
      .getQueryAndParameters();
    const errorMetadata = this.errors.metadata;
    const dataSource = this.dataSource;
    return {
      session: SessionResponse.from(session, integration.key),
      records: this.recordLogs.stream(id),
      errors: (async function* () {
        for await (const raw of streamRows<Record<string, unknown>>(dataSource, errorsSql, errorParameters)) {
          yield SyncErrorResponse.from(entityFromRaw<SyncError>(errorMetadata, 'error', raw));
        }
      })(),
    };
  }

  private history(query: SessionFilters, principal: Principal): SelectQueryBuilder<SyncSession> {
    const builder = this.sessions
      .createQueryBuilder('session')
      .innerJoin('session.integration', 'integration')
      .addSelect('integration.key')
      .orderBy('session.createdAt', 'DESC')
      .addOrderBy('session.id', 'DESC');
    if (principal.integrationIds)
      builder.andWhere('session.integrationId IN (:...scope)', { scope: principal.integrationIds });
    if (query.integrationId)
      builder.andWhere('session.integrationId = :integrationId', { integrationId: query.integrationId });
    if (query.entityType) builder.andWhere('session.entityType = :entityType', { entityType: query.entityType });
    if (query.direction) builder.andWhere('session.direction = :direction', { direction: query.direction });
    if (query.status) builder.andWhere('session.status = :status', { status: query.status });
    if (query.trigger) builder.andWhere('session.trigger = :trigger', { trigger: query.trigger });
    if (query.from) builder.andWhere('session.createdAt >= :from', { from: query.from });
    if (query.to) builder.andWhere('session.createdAt < :to', { to: query.to });
    if (query.recordKey) {
      builder.andWhere(`session.id IN (${this.recordLogs.sessionsTouchingKeySql('recordKey')})`, {
        recordKey: query.recordKey,
      });
    }
    return builder;
  }

  async current(principal: Principal): Promise<SessionResponse[]> {
    const sessions = await this.sessions.find({
      where: {
        status: In(['queued', 'running'] satisfies SessionStatus[]),
        ...(principal.integrationIds ? { integrationId: In(principal.integrationIds) } : {}),
      },
      relations: { integration: true },
      order: { createdAt: 'ASC' },
      take: 500,
    });
    return sessions.map((session) => SessionResponse.from(session, session.integration!.key));
  }

  async get(id: string, principal: Principal | null): Promise<SessionDetailResponse> {
    const { session, integration } = await this.sessionFor(id, principal);
    const counts: { category: ErrorCategory; count: number }[] = await this.errors
      .createQueryBuilder('error')
      .select('error.category', 'category')
      .addSelect('count(*)::int', 'count')
      .where('error.sessionId = :id', { id })
      .groupBy('error.category')
      .getRawMany();
    return {
      ...SessionResponse.from(session, integration.key),
      errorsByCategory: Object.fromEntries(counts.map(({ category, count }) => [category, count])),
      verification: session.verification,
    };
  }

  async sessionFor(
    id: string,
    principal: IntegrationScope | null,
  ): Promise<{ session: SyncSession; integration: Integration }> {
    const session = await this.sessions.findOneBy({ id });
    if (!session) throw ApiException.notFound('Session', id);
    return { session, integration: await this.integrationFor(session.integrationId, principal) };
  }

  async integrationFor(id: string, principal: IntegrationScope | null): Promise<Integration> {
    if (principal?.integrationIds && !principal.integrationIds.includes(id)) {
      throw new ApiException('forbidden', `This API key is not allowed to use integration ${id}`);
    }
    const integration = await this.integrations.findOneBy({ id });
    if (!integration) throw ApiException.invalidField('integrationId', 'names no integration');
    return integration;
  }
}

function stateOf(session: SyncSession): SessionState {
  const { status, stage, phaseTimings, statusReason, startedAt, finishedAt } = session;
  return { status, stage, counters: countersOf(session), phaseTimings, statusReason, startedAt, finishedAt };
}

type SessionEventName = Extract<DomainEventName, `session.${string}`>;

function eventFor(before: SessionStatus, after: SessionStatus): SessionEventName {
  if (after === before || !isTerminal(after))
    return before === 'queued' && after === 'running' ? 'session.started' : 'session.progress';
  return after === 'completed' || after === 'partial' ? 'session.completed' : 'session.failed';
}
