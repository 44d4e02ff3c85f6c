import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RecordAction } from '@syncline/contracts';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { decodeCursor, toPage } from '../core/http/cursor';
import { streamRows } from '../core/database/stream-rows';
import type { RecordLogPage, RecordLogQueryDto, RecordLogResponse } from './dto/record-log.dto';

const DAY_MS = 86_400_000;
/** Partitions kept ready ahead of time, so an insert never waits on DDL. */
const DAYS_AHEAD = 7;
const NO_PARTITION_FOR_ROW = '23514';
const COPY_SQL =
  'COPY sync_record_logs (session_id, local_key, remote_key, action, before, after, changed_fields, error) FROM STDIN';

/** A record ready for storage: redacted, its states already serialised (and size-checked) by the service. */
export interface PreparedRecord {
  localKey: string | null;
  remoteKey: string | null;
  action: RecordAction;
  before: string | null;
  after: string | null;
  changedFields: string[];
  error: string | null;
}

interface RecordLogRow {
  id: string;
  session_id: string;
  local_key: string | null;
  remote_key: string | null;
  action: RecordAction;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  changed_fields: string[];
  error: string | null;
  created_at: Date;
}

/**
 * The record log: the largest table, append-only and partitioned by day (UTC). All of its SQL lives here.
 * A batch is one multi-row INSERT … SELECT FROM unnest(…), one round trip however many records.
 */
@Injectable()
export class RecordLogsRepository implements OnApplicationBootstrap {
  private readonly logger = new Logger(RecordLogsRepository.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): Promise<void> {
    return this.prepareUpcomingPartitions();
  }

  /** Yesterday's partition (for late clocks) through a week ahead. */
  prepareUpcomingPartitions(): Promise<void> {
    return this.ensureDailyPartitions(new Date(Date.now() - DAY_MS), DAYS_AHEAD + 1);
  }

  /** Creates the daily partitions covering `days` days from `from` (idempotent, safe to race). */
  async ensureDailyPartitions(from: Date, days: number): Promise<void> {
    const first = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
    for (let day = 0; day < days; day++) {
      const start = new Date(first + day * DAY_MS);
      const end = new Date(start.getTime() + DAY_MS);
      const name = `sync_record_logs_${start.toISOString().slice(0, 10).replace(/-/g, '')}`;
      await this.dataSource
        .query(
          `CREATE TABLE IF NOT EXISTS "${name}" PARTITION OF sync_record_logs
           FOR VALUES FROM ('${start.toISOString()}') TO ('${end.toISOString()}')`,
        )
        .catch((error: { code?: string }) => {
          // Another process created it between IF NOT EXISTS and CREATE.
          if (error.code !== '42P07' && error.code !== '23505') throw error;
        });
    }
  }

  /** Daily partitions whose whole day lies before `cutoff`, oldest first. */
  async partitionsEndingBy(cutoff: Date): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'sync_record_logs'::regclass ORDER BY c.relname`,
    );
    const lastDay = cutoff.toISOString().slice(0, 10).replace(/-/g, '');
    return rows
      .map((row) => row.name)
      .filter((name) => /^sync_record_logs_\d{8}$/.test(name) && name.slice(-8) < lastDay);
  }

  /**
   * Detaching CONCURRENTLY (PostgreSQL 14+) never takes the lock on the whole table that a plain DROP
   * needs, so ingest and history reads carry on while an old day goes.
   */
  async dropPartition(name: string): Promise<void> {
    await this.dataSource.query(`ALTER TABLE sync_record_logs DETACH PARTITION "${name}" CONCURRENTLY`);
    await this.dataSource.query(`DROP TABLE "${name}"`);
  }

  /**
   * Stores a batch with one COPY: a single statement, so all of it is stored or none of it, in one
   * round trip, and about a third cheaper for PostgreSQL than a multi-row INSERT of the same rows.
   */
  async append(sessionId: string, records: PreparedRecord[]): Promise<number> {
    const text = records.map((record) => copyLine(sessionId, record)).join('');
    try {
      await this.copy(text);
    } catch (error) {
      if ((error as { code?: string }).code !== NO_PARTITION_FOR_ROW) throw error;
      this.logger.warn("Today's record-log partition was missing; creating it");
      await this.ensureDailyPartitions(new Date(), 1);
      await this.copy(text);
    }
    return records.length;
  }

  private async copy(text: string): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      await pipeline(Readable.from([text]), client.query(copyFrom(COPY_SQL)));
    } finally {
      await runner.release();
    }
  }

  async list(sessionId: string, query: RecordLogQueryDto): Promise<RecordLogPage> {
    const params: unknown[] = [sessionId, query.limit + 1];
    const conditions = ['session_id = $1'];
    if (query.action) conditions.push(`action = $${params.push(query.action)}`);
    if (query.key) conditions.push(`(local_key = $${params.push(query.key)} OR remote_key = $${params.length})`);
    if (query.cursor) conditions.push(`id > $${params.push(decodeCursor(query.cursor, 1)[0])}`);
    const rows: RecordLogRow[] = await this.dataSource.query(
      `SELECT * FROM sync_record_logs WHERE ${conditions.join(' AND ')} ORDER BY id LIMIT $2`,
      params,
    );
    return toPage(rows, query.limit, (last) => [last.id], toView);
  }

  /** Every record of a session in order, from a server-side cursor. */
  async *stream(sessionId: string): AsyncGenerator<RecordLogResponse> {
    const sql = 'SELECT * FROM sync_record_logs WHERE session_id = $1 ORDER BY id';
    for await (const row of streamRows<RecordLogRow>(this.dataSource, sql, [sessionId])) yield toView(row);
  }

  /** Keys of the records that failed in a session and did not succeed later in it: what a retry runs again. */
  async failedKeys(sessionId: string): Promise<string[]> {
    const rows: { key: string }[] = await this.dataSource.query(
      `SELECT DISTINCT coalesce(local_key, remote_key) AS key FROM sync_record_logs
        WHERE session_id = $1 AND action = 'fail'
       EXCEPT
       SELECT coalesce(local_key, remote_key) FROM sync_record_logs
        WHERE session_id = $1 AND action IN ('create', 'update', 'delete')`,
      [sessionId],
    );
    return rows.map((row) => row.key).filter((key) => key !== null);
  }

  /** SQL selecting the ids of sessions that touched a record key, for use as `session.id IN (…)`. */
  sessionsTouchingKeySql(parameter: string): string {
    return `SELECT session_id FROM sync_record_logs WHERE local_key = :${parameter}
            UNION SELECT session_id FROM sync_record_logs WHERE remote_key = :${parameter}`;
  }
}

function toView(row: RecordLogRow): RecordLogResponse {
  return {
    id: row.id,
    sessionId: row.session_id,
    localKey: row.local_key,
    remoteKey: row.remote_key,
    action: row.action,
    before: row.before,
    after: row.after,
    changedFields: changedFieldsOf(row),
    error: row.error,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * A create or delete changes every field of its state: the sync engine leaves that list out rather than
 * store each field name once per record (a quarter of a record log's bytes), and it is listed when read.
 */
function changedFieldsOf(row: RecordLogRow): string[] {
  if (row.changed_fields.length > 0) return row.changed_fields;
  const state = row.action === 'create' ? row.after : row.action === 'delete' ? row.before : null;
  return state ? Object.keys(state).sort() : [];
}

/** One row in COPY's text format: tab-separated, `\\N` for null, backslash escapes. */
function copyLine(sessionId: string, record: PreparedRecord): string {
  const changedFields = copyValue(`{${record.changedFields.map(arrayElement).join(',')}}`);
  const { localKey, remoteKey, action, before, after, error } = record;
  return `${sessionId}\t${copyValue(localKey)}\t${copyValue(remoteKey)}\t${action}\t${copyValue(before)}\t${copyValue(after)}\t${changedFields}\t${copyValue(error)}\n`;
}

function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char]);
}

/** Field names repeat in every record of a batch: each is quoted as an array element once. */
const ARRAY_ELEMENTS = new Map<string, string>();
function arrayElement(field: string): string {
  let element = ARRAY_ELEMENTS.get(field);
  if (element === undefined) {
    element = `"${field.replace(/["\\]/g, '\\$&')}"`;
    if (ARRAY_ELEMENTS.size < 10_000) ARRAY_ELEMENTS.set(field, element);
  }
  return element;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
