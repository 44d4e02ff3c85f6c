import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { histogramPercentile, type ErrorCategory, type VerificationView } from '@syncline/contracts';
import type { DataSource } from 'typeorm';
import type { FinishedSession, WindowTotals } from './alert-conditions';
import { countActiveSessions } from '../sessions/active-sessions';

const WINDOW_METRICS = ['records_processed', 'records_failed', 'conflicts', 'errors', 'sessions'];

/** The SQL the alert checks read, in one place: recent sessions from their index, the rest from rollups. */
@Injectable()
export class AlertFactsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The entity's newest finished sessions (cancelled ones left out), newest first. */
  async recentSessions(integrationId: string, entityType: string, limit: number): Promise<FinishedSession[]> {
    const rows: {
      id: string;
      status: FinishedSession['status'];
      finished_at: Date;
      duration_ms: number;
      verification: VerificationView | null;
    }[] = await this.dataSource.query(
      `SELECT id, status, finished_at, verification,
              (1000 * extract(epoch FROM finished_at - coalesce(started_at, created_at)))::float8 AS duration_ms
       FROM sync_sessions
       WHERE integration_id = $1 AND entity_type = $2 AND status IN ('completed', 'partial', 'failed', 'timed_out')
       ORDER BY created_at DESC LIMIT $3`,
      [integrationId, entityType, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      status: row.status,
      finishedAt: row.finished_at,
      durationMs: row.duration_ms,
      verification: row.verification,
    }));
  }

  /** When the entity's last successful sync finished, from the running totals (no history scan). */
  async lastSuccessAt(integrationId: string, entityType: string): Promise<Date | null> {
    const [row] = await this.dataSource.query(
      `SELECT max(last_at) AS last_success_at FROM metric_rollups
       WHERE metric = 'sessions' AND resolution = 'total' AND integration_id = $1 AND entity_type = $2
         AND dimension IN ('completed', 'partial')`,
      [integrationId, entityType],
    );
    return row.last_success_at;
  }

  /** Median duration of the entity's completed syncs since `since`, from the hourly histograms. */
  async durationBaseline(integrationId: string, entityType: string, since: Date) {
    const [row] = await this.dataSource.query(
      `SELECT coalesce(sum(count), 0)::int AS samples, min(min) AS min, max(max) AS max,
              metric_histogram_sum(histogram) AS histogram
       FROM metric_rollups
       WHERE metric = 'sync_duration_ms' AND resolution = 'hour' AND integration_id = $1 AND entity_type = $2
         AND dimension = 'completed' AND bucket >= date_trunc('hour', $3::timestamptz, 'UTC')`,
      [integrationId, entityType, since],
    );
    const medianMs: number | null = row.histogram ? histogramPercentile(row.histogram, 0.5, row) : null;
    return { medianMs, samples: row.samples as number };
  }

  /** Totals over the minutes since `since` (an entity, or the whole integration when entityType is null). */
  async windowTotals(integrationId: string, entityType: string | null, since: Date): Promise<WindowTotals> {
    const rows: { metric: string; dimension: string; total: number }[] = await this.dataSource.query(
      `SELECT metric, dimension, sum(sum)::float8 AS total
       FROM metric_rollups
       WHERE metric = ANY($4) AND resolution = 'minute' AND integration_id = $1
         AND ($2::text IS NULL OR entity_type = $2) AND bucket >= date_trunc('minute', $3::timestamptz, 'UTC')
       GROUP BY metric, dimension`,
      [integrationId, entityType, since, WINDOW_METRICS],
    );
    const totals: WindowTotals = { processed: 0, failed: 0, conflicts: 0, timedOutSessions: 0, errors: {} };
    for (const { metric, dimension, total } of rows) {
      if (metric === 'records_processed') totals.processed += total;
      if (metric === 'records_failed') totals.failed += total;
      if (metric === 'conflicts') totals.conflicts += total;
      if (metric === 'sessions' && dimension === 'timed_out') totals.timedOutSessions += total;
      if (metric === 'errors') totals.errors[dimension as ErrorCategory] = total;
    }
    return totals;
  }

  async entityOfSession(sessionId: string): Promise<string | null> {
    const [row] = await this.dataSource.query(`SELECT entity_type FROM sync_sessions WHERE id = $1`, [sessionId]);
    return row?.entity_type ?? null;
  }

  /** Syncs waiting in the queue, counted where they are recorded first: PostgreSQL. */
  async queuedSyncs(): Promise<number> {
    return (await countActiveSessions(this.dataSource)).queued;
  }
}
