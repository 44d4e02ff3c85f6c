import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ActorKind,
  ErrorCategory,
  ErrorQuery,
  ErrorSeverity,
  ErrorStatus,
  SessionStatus,
} from '@syncline/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../auth/principal';
import { decodeCursor } from '../core/http/cursor';

/** One error as the errors list reads it, with its integration, entity and latest retry. */
export interface ErrorRow {
  id: string;
  session_id: string;
  integration_id: string;
  integration_key: string;
  entity_type: string;
  category: ErrorCategory;
  severity: ErrorSeverity;
  code: string | null;
  message: string;
  retryable: boolean;
  retry_count: number;
  record_key: string | null;
  status: ErrorStatus;
  resolved_at: Date | null;
  resolved_by_kind: ActorKind | null;
  resolved_by: string | null;
  resolved_by_name: string | null;
  resolution_note: string | null;
  retry_session_id: string | null;
  retry_status: SessionStatus | null;
  /** Whether Syncline ran its session (only those can be retried from here). */
  engine_run: boolean;
  created_at: Date;
}

export interface ErrorDetailRow extends ErrorRow {
  request: Record<string, unknown> | null;
  response: Record<string, unknown> | null;
  stack: string | null;
}

/** Open errors of one category. */
export interface OpenGroupRow {
  category: ErrorCategory;
  open: number;
  info: number;
  warning: number;
  error: number;
  critical: number;
  retryable: number;
  first_seen_at: Date;
  last_seen_at: Date;
}

/** Integrations a caller may see; null for all. */
export type Scope = readonly string[] | null;

export type ErrorFilters = Omit<ErrorQuery, 'cursor' | 'limit'>;

const ROW_COLUMNS = `e.id, e.session_id, e.integration_id, i.key AS integration_key, s.entity_type, e.category,
  e.severity, e.code, e.message, e.retryable, e.retry_count, e.record_key, e.status, e.resolved_at,
  e.resolved_by_kind, e.resolved_by, e.resolved_by_name, e.resolution_note, e.retry_session_id,
  r.status AS retry_status, s.mode IS NOT NULL AS engine_run, e.created_at`;

const FROM_ERRORS = `sync_errors e
  JOIN sync_sessions s ON s.id = e.session_id
  JOIN integrations i ON i.id = e.integration_id
  LEFT JOIN sync_sessions r ON r.id = e.retry_session_id`;

/** The SQL of the errors list, its summary and the operators' changes to errors, in one place. */
@Injectable()
export class SyncErrorsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first (ids grow with each error stored), `limit + 1` rows after the cursor's. */
  async list(filters: ErrorFilters, scope: Scope, limit: number, cursor?: string): Promise<ErrorRow[]> {
    const params: unknown[] = [];
    const where = this.conditions(filters, scope, params);
    if (cursor) where.push(`e.id < $${params.push(decodeCursor(cursor, 1)[0])}`);
    return this.dataSource.query(
      `SELECT ${ROW_COLUMNS} FROM ${FROM_ERRORS}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY e.id DESC LIMIT $${params.push(limit + 1)}`,
      params,
    );
  }

  async findDetail(id: string): Promise<ErrorDetailRow | null> {
    const [row] = await this.dataSource.query<ErrorDetailRow[]>(
      `SELECT ${ROW_COLUMNS}, e.request, e.response, e.stack FROM ${FROM_ERRORS} WHERE e.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** These errors, locked against concurrent changes until the transaction ends. */
  async lock(manager: EntityManager, ids: readonly string[]): Promise<ErrorRow[]> {
    return manager.query(
      `SELECT ${ROW_COLUMNS} FROM ${FROM_ERRORS} WHERE e.id = ANY($1::bigint[]) ORDER BY e.id FOR UPDATE OF e`,
      [ids],
    );
  }

  async close(
    manager: EntityManager,
    ids: readonly string[],
    status: Exclude<ErrorStatus, 'open'>,
    actor: Actor,
    note: string | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE sync_errors SET status = $2, resolved_at = now(), resolved_by_kind = $3, resolved_by = $4,
              resolved_by_name = $5, resolution_note = $6
        WHERE id = ANY($1::bigint[])`,
      [ids, status, actor.kind, actor.id, actor.name, note],
    );
  }

  /** Records that these errors' records run again in a session. */
  async markRetried(manager: EntityManager, ids: readonly string[], sessionId: string): Promise<void> {
    await manager.query(
      `UPDATE sync_errors SET retry_count = retry_count + 1, retry_session_id = $2 WHERE id = ANY($1::bigint[])`,
      [ids, sessionId],
    );
  }

  async rows(ids: readonly string[]): Promise<ErrorRow[]> {
    return this.dataSource.query(`SELECT ${ROW_COLUMNS} FROM ${FROM_ERRORS} WHERE e.id = ANY($1::bigint[])`, [ids]);
  }

  /** Open errors by category, within the caller's integrations and the time range. */
  async openGroups(
    filters: Pick<ErrorFilters, 'integrationId' | 'from' | 'to'>,
    scope: Scope,
  ): Promise<OpenGroupRow[]> {
    const params: unknown[] = [];
    const where = [`e.status = 'open'`, ...this.conditions(filters, scope, params)];
    return this.dataSource.query(
      `SELECT e.category, count(*)::int AS open,
              count(*) FILTER (WHERE e.severity = 'info')::int AS info,
              count(*) FILTER (WHERE e.severity = 'warning')::int AS warning,
              count(*) FILTER (WHERE e.severity = 'error')::int AS error,
              count(*) FILTER (WHERE e.severity = 'critical')::int AS critical,
              count(*) FILTER (WHERE e.retryable)::int AS retryable,
              min(e.created_at) AS first_seen_at, max(e.created_at) AS last_seen_at
         FROM sync_errors e
        WHERE ${where.join(' AND ')}
        GROUP BY e.category`,
      params,
    );
  }

  private conditions(filters: ErrorFilters, scope: Scope, params: unknown[]): string[] {
    const where: string[] = [];
    const add = (sql: (placeholder: string) => string, value: unknown) => where.push(sql(`$${params.push(value)}`));
    if (scope) add((p) => `e.integration_id = ANY(${p}::uuid[])`, scope);
    if (filters.integrationId) add((p) => `e.integration_id = ${p}`, filters.integrationId);
    if (filters.status) add((p) => `e.status = ${p}`, filters.status);
    if (filters.category) add((p) => `e.category = ${p}`, filters.category);
    if (filters.severity) add((p) => `e.severity = ${p}`, filters.severity);
    if (filters.sessionId) add((p) => `e.session_id = ${p}`, filters.sessionId);
    if (filters.recordKey) add((p) => `e.record_key = ${p}`, filters.recordKey);
    if (filters.entityType) add((p) => `s.entity_type = ${p}`, filters.entityType);
    if (filters.from) add((p) => `e.created_at >= ${p}`, filters.from);
    if (filters.to) add((p) => `e.created_at < ${p}`, filters.to);
    if (filters.q) {
      add((p) => `(e.message ILIKE ${p} OR e.code ILIKE ${p})`, `%${filters.q.replace(/[\\%_]/g, '\\$&')}%`);
    }
    return where;
  }
}
