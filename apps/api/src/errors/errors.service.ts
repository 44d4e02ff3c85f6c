import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ERROR_CATEGORIES,
  ERROR_SEVERITIES,
  ERROR_TREND_DAYS,
  type BulkErrorOutcome,
  type ErrorAction,
  type ErrorDetailView,
  type ErrorGroupView,
  type ErrorItemView,
  type ErrorPage,
  type ErrorRetried,
  type ErrorSeverity,
  type ErrorSummaryView,
} from '@syncline/contracts';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Principal, RequestActor } from '../auth/principal';
import { Clock } from '../core/clock/clock';
import { ApiException } from '../core/errors/api-exception';
import { toPage } from '../core/http/cursor';
import { MetricRollupsRepository } from '../metrics/metric-rollups.repository';
import { SessionResponse } from '../sessions/dto/session.response';
import { SessionsService } from '../sessions/sessions.service';
import { SyncService } from '../sync/sync.service';
import type { ErrorQueryDto, ErrorSummaryQueryDto } from './dto/error-query.dto';
import { errorPriority } from './error-priority';
import { SyncErrorsRepository, type ErrorRow, type Scope } from './sync-errors.repository';

const DAY_MS = 86_400_000;

type CloseAction = Exclude<ErrorAction, 'retry'>;
const CLOSED_STATUS = { resolve: 'resolved', ignore: 'ignored' } as const;

/**
 * Sync errors as operators work through them: listed and summarised by urgency across sessions, and
 * retried (a retry session of the error's own session, limited to its record), resolved or ignored,
 * one at a time or in bulk, each change audited.
 */
@Injectable()
export class ErrorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly errors: SyncErrorsRepository,
    private readonly rollups: MetricRollupsRepository,
    private readonly sessions: SessionsService,
    private readonly sync: SyncService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(query: ErrorQueryDto, principal: Principal): Promise<ErrorPage> {
    const rows = await this.errors.list(query, principal.integrationIds, query.limit, query.cursor);
    return toPage(rows, query.limit, (last) => [last.id], toItemView);
  }

  /** Open errors grouped by category, most urgent first, with each category's daily trend. */
  async summary(query: ErrorSummaryQueryDto, principal: Principal): Promise<ErrorSummaryView> {
    const now = this.clock.now();
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const trendFrom = new Date(today - (ERROR_TREND_DAYS - 1) * DAY_MS);
    const trendDays = Array.from({ length: ERROR_TREND_DAYS }, (_, day) =>
      new Date(trendFrom.getTime() + day * DAY_MS).toISOString().slice(0, 10),
    );
    const [groups, daily] = await Promise.all([
      this.errors.openGroups(query, principal.integrationIds),
      this.rollups.read({
        metric: 'errors',
        resolution: 'day',
        from: trendFrom,
        to: new Date(today + DAY_MS),
        integrationIds: scopeWith(principal.integrationIds, query.integrationId),
      }),
    ]);
    const trends = new Map<string, number[]>();
    for (const row of daily) {
      const trend = trends.get(row.dimension) ?? new Array<number>(ERROR_TREND_DAYS).fill(0);
      const day = trendDays.indexOf(row.bucket.toISOString().slice(0, 10));
      if (day >= 0) trend[day] += row.count;
      trends.set(row.dimension, trend);
    }
    const views = groups.map((group): ErrorGroupView => {
      const bySeverity = Object.fromEntries(ERROR_SEVERITIES.map((severity) => [severity, group[severity]])) as Record<
        ErrorSeverity,
        number
      >;
      const severity = [...ERROR_SEVERITIES].reverse().find((candidate) => bySeverity[candidate] > 0) ?? 'info';
      return {
        category: group.category,
        open: group.open,
        bySeverity,
        retryable: group.retryable,
        firstSeenAt: group.first_seen_at.toISOString(),
        lastSeenAt: group.last_seen_at.toISOString(),
        priority: round(errorPriority({ severity, count: group.open, lastSeenAt: group.last_seen_at }, now)),
        trend: trends.get(group.category) ?? new Array<number>(ERROR_TREND_DAYS).fill(0),
      };
    });
    views.sort(
      (a, b) =>
        b.priority - a.priority ||
        b.open - a.open ||
        ERROR_CATEGORIES.indexOf(a.category) - ERROR_CATEGORIES.indexOf(b.category),
    );
    return {
      generatedAt: now.toISOString(),
      open: views.reduce((sum, group) => sum + group.open, 0),
      groups: views,
      trendDays,
    };
  }

  async get(id: string, principal: Principal): Promise<ErrorDetailView> {
    const row = await this.errors.findDetail(id);
    if (!row) throw ApiException.notFound('Error', id);
    const { session, integration } = await this.sessions.sessionFor(row.session_id, principal);
    return {
      ...toItemView(row),
      request: row.request,
      response: row.response,
      stack: row.stack,
      session: SessionResponse.from(session, integration.key),
    };
  }

  async retry(id: string, actor: RequestActor): Promise<ErrorRetried> {
    const [outcome] = await this.retryAll([id], actor);
    if (!outcome.ok) throw outcome.failure;
    return { sessionId: outcome.sessionId!, error: await this.view(id) };
  }

  async close(id: string, action: CloseAction, actor: RequestActor, note?: string): Promise<ErrorItemView> {
    const [outcome] = await this.closeAll([id], action, actor, note);
    if (!outcome.ok) throw outcome.failure;
    return this.view(id);
  }

  /** Each error succeeds or fails on its own; errors of one session are retried in one session. */
  async bulk(ids: readonly string[], action: ErrorAction, actor: RequestActor, note?: string) {
    const unique = [...new Set(ids)];
    const outcomes =
      action === 'retry' ? await this.retryAll(unique, actor, note) : await this.closeAll(unique, action, actor, note);
    return outcomes.map(({ id, ...outcome }): BulkErrorOutcome => {
      if (outcome.ok) return { id, ok: true, sessionId: outcome.sessionId };
      const { status, message, details } = outcome.failure;
      return { id, ok: false, error: { statusCode: status, message, details } };
    });
  }

  private async closeAll(
    ids: readonly string[],
    action: CloseAction,
    actor: RequestActor,
    note?: string,
  ): Promise<Outcome[]> {
    const status = CLOSED_STATUS[action];
    return this.dataSource.transaction(async (manager) => {
      const found = await this.errors.lock(manager, ids);
      const outcomes = this.checked(ids, found, actor.integrationIds, (error) =>
        error.status === status
          ? new ApiException('conflict', `Error ${error.id} is already ${status}`, [
              { field: 'status', reason: `is ${status}` },
            ])
          : null,
      );
      const closing = found.filter((error) => outcomes.get(error.id)?.ok);
      if (closing.length > 0) {
        await this.errors.close(
          manager,
          closing.map((error) => error.id),
          status,
          actor,
          note ?? null,
        );
      }
      await this.audit.recordAll(
        actor,
        closing.map((error) => ({
          action: `error.${status}`,
          targetType: 'sync_error',
          targetId: error.id,
          details: { ...describe(error), previousStatus: error.status, note: note ?? null },
        })),
        manager,
      );
      return ids.map((id) => ({ id, ...outcomes.get(id)! }));
    });
  }

  private async retryAll(ids: readonly string[], actor: RequestActor, note?: string): Promise<Outcome[]> {
    const found = await this.errors.rows(ids);
    const outcomes = this.checked(ids, found, actor.integrationIds, unretryable);
    const bySession = new Map<string, ErrorRow[]>();
    for (const error of found.filter((candidate) => outcomes.get(candidate.id)?.ok)) {
      bySession.set(error.session_id, [...(bySession.get(error.session_id) ?? []), error]);
    }
    for (const [sessionId, errors] of bySession) {
      const keys = errors.map((error) => error.record_key!);
      const triggered = await this.sync.retryRecords(sessionId, keys, actor).catch((failure: unknown) => {
        if (failure instanceof ApiException) return failure;
        throw failure;
      });
      if (triggered instanceof ApiException) {
        for (const error of errors) outcomes.set(error.id, { ok: false, failure: triggered });
        continue;
      }
      await this.dataSource.transaction(async (manager) => {
        await this.errors.markRetried(
          manager,
          errors.map((error) => error.id),
          triggered.sessionId,
        );
        await this.audit.recordAll(
          actor,
          errors.map((error) => ({
            action: 'error.retried',
            targetType: 'sync_error',
            targetId: error.id,
            details: { ...describe(error), retrySessionId: triggered.sessionId, note: note ?? null },
          })),
          manager,
        );
      });
      for (const error of errors) outcomes.set(error.id, { ok: true, sessionId: triggered.sessionId });
    }
    return ids.map((id) => ({ id, ...outcomes.get(id)! }));
  }

  /** Not found, out of the caller's integrations, or refused by `refuse`: a failure; otherwise ok so far. */
  private checked(
    ids: readonly string[],
    found: readonly ErrorRow[],
    scope: Scope,
    refuse: (error: ErrorRow) => ApiException | null,
  ): Map<string, Result> {
    const byId = new Map(found.map((error) => [error.id, error]));
    return new Map(
      ids.map((id): [string, Result] => {
        const error = byId.get(id);
        const failure = !error
          ? ApiException.notFound('Error', id)
          : scope && !scope.includes(error.integration_id)
            ? new ApiException('forbidden', `This API key is not allowed to use integration ${error.integration_id}`)
            : refuse(error);
        return [id, failure ? { ok: false, failure } : { ok: true }];
      }),
    );
  }

  private async view(id: string): Promise<ErrorItemView> {
    const [row] = await this.errors.rows([id]);
    return toItemView(row);
  }
}

type Result = { ok: true; sessionId?: string } | { ok: false; failure: ApiException };
type Outcome = Result & { id: string };

/** Why an error's record cannot be run again from here, if it cannot. */
function unretryable(error: ErrorRow): ApiException | null {
  if (!error.record_key) {
    return new ApiException('unprocessable', `Error ${error.id} names no record to retry`, [
      { field: 'recordKey', reason: 'is not set: the error is about no single record' },
    ]);
  }
  if (!error.engine_run) {
    return new ApiException(
      'unprocessable',
      `Error ${error.id} was reported by an integration; Syncline cannot rerun it`,
      [{ field: 'sessionId', reason: 'is a session an integration reported, not one Syncline ran' }],
    );
  }
  return null;
}

function describe(error: ErrorRow) {
  return {
    sessionId: error.session_id,
    integration: error.integration_key,
    category: error.category,
    recordKey: error.record_key,
  };
}

/** The integrations to read trends of: the caller's, narrowed to the one asked for. */
function scopeWith(scope: Scope, integrationId: string | undefined): string[] | null {
  if (!integrationId) return scope ? [...scope] : null;
  return !scope || scope.includes(integrationId) ? [integrationId] : [];
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export function toItemView(row: ErrorRow): ErrorItemView {
  return {
    id: row.id,
    sessionId: row.session_id,
    integrationId: row.integration_id,
    integrationKey: row.integration_key,
    entityType: row.entity_type,
    category: row.category,
    severity: row.severity,
    code: row.code,
    message: row.message,
    retryable: row.retryable,
    retryCount: row.retry_count,
    recordKey: row.record_key,
    status: row.status,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolvedBy: row.resolved_by_kind
      ? { kind: row.resolved_by_kind, id: row.resolved_by, name: row.resolved_by_name ?? '' }
      : null,
    resolutionNote: row.resolution_note,
    engineRun: row.engine_run,
    lastRetry:
      row.retry_session_id && row.retry_status ? { sessionId: row.retry_session_id, status: row.retry_status } : null,
    createdAt: row.created_at.toISOString(),
  };
}
