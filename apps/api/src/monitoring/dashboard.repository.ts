import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SessionStatus, VerificationView } from '@syncline/contracts';
import type { DataSource } from 'typeorm';
import { countActiveSessions } from '../sessions/active-sessions';

export type Scope = readonly string[] | null;

/** The rows of all integrations for an unlimited caller; a limited one's integrations' own rows. */
const inScope = (param: string) =>
  `((${param}::uuid[] IS NULL AND integration_id IS NULL AND entity_type = '') OR integration_id = ANY(${param}))`;

export interface StatusTotals {
  dimension: string;
  count: number;
}

export interface DurationTotals {
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  histogram: Record<string, number> | null;
}

export interface EntityRow {
  integration_id: string;
  integration_key: string;
  integration_name: string;
  integration_status: string;
  schedule: string | null;
  scheduled: boolean;
  entity_type: string;
  credentials_set: boolean;
  credentials_rotated_at: Date | null;
  session_id: string | null;
  status: SessionStatus | null;
  finished_at: Date | null;
  duration_ms: number | null;
  processed: number | null;
  failed: number | null;
  verification: VerificationView | null;
  last_success_at: Date | null;
}

/**
 * The dashboard's SQL, in one place. Rates, trends and totals come from the rollups (a few hundred rows
 * at most); the per-entity cards read each entity's newest sessions through the history index.
 */
@Injectable()
export class DashboardRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Sums of one metric per dimension since a bucket, at one resolution. */
  sumsByDimension(metric: string, resolution: string, since: Date, scope: Scope): Promise<StatusTotals[]> {
    return this.dataSource.query(
      `SELECT dimension, sum(sum)::float8 AS count FROM metric_rollups
       WHERE metric = $1 AND resolution = $2 AND bucket >= $3 AND ${inScope('$4')}
       GROUP BY dimension`,
      [metric, resolution, since, scope],
    );
  }

  /** Duration totals of syncs that ran to the end, with their merged histogram. */
  async durations(resolution: string, since: Date, scope: Scope): Promise<DurationTotals> {
    const [row] = await this.dataSource.query(
      `SELECT coalesce(sum(count), 0)::float8 AS count, coalesce(sum(sum), 0)::float8 AS sum, min(min) AS min,
              max(max) AS max, metric_histogram_sum(histogram) AS histogram
       FROM metric_rollups
       WHERE metric = 'sync_duration_ms' AND resolution = $1 AND bucket >= $2
         AND dimension IN ('completed', 'partial') AND ${inScope('$3')}`,
      [resolution, since, scope],
    );
    return row;
  }

  /** Finished syncs per day and status. */
  daily(since: Date, scope: Scope): Promise<{ day: Date; dimension: string; count: number }[]> {
    return this.dataSource.query(
      `SELECT bucket AS day, dimension, sum(count)::float8 AS count FROM metric_rollups
       WHERE metric = 'sessions' AND resolution = 'day' AND bucket >= $1 AND ${inScope('$2')}
       GROUP BY bucket, dimension ORDER BY bucket`,
      [since, scope],
    );
  }

  /** Per integration entity: records and finished syncs by status since a day. */
  perEntity(
    metric: 'records_processed' | 'sessions',
    since: Date,
    scope: Scope,
  ): Promise<{ integration_id: string; entity_type: string; dimension: string; total: number }[]> {
    return this.dataSource.query(
      `SELECT integration_id, entity_type, dimension, sum(sum)::float8 AS total FROM metric_rollups
       WHERE metric = $1 AND resolution = 'day' AND bucket >= $2 AND integration_id IS NOT NULL
         AND ($3::uuid[] IS NULL OR integration_id = ANY($3))
       GROUP BY integration_id, entity_type, dimension`,
      [metric, since, scope],
    );
  }

  /** Every integration entity with its newest finished sync and its last success (from the running totals). */
  entities(scope: Scope): Promise<EntityRow[]> {
    return this.dataSource.query(
      `SELECT i.id AS integration_id, i.key AS integration_key, i.name AS integration_name,
              i.status AS integration_status, i.schedule, e.entity_type,
              i.entities @> jsonb_build_array(jsonb_build_object('entityType', e.entity_type)) AS scheduled,
              cardinality(i.credential_names) > 0 AS credentials_set, i.credentials_rotated_at,
              last.id AS session_id, last.status, last.finished_at, last.processed, last.failed, last.verification,
              (1000 * extract(epoch FROM last.finished_at - coalesce(last.started_at, last.created_at)))::float8 AS duration_ms,
              (SELECT max(r.last_at) FROM metric_rollups r
               WHERE r.metric = 'sessions' AND r.resolution = 'total' AND r.integration_id = i.id
                 AND r.entity_type = e.entity_type AND r.dimension IN ('completed', 'partial')) AS last_success_at
       FROM integrations i
       CROSS JOIN LATERAL unnest(i.entity_types) AS e(entity_type)
       LEFT JOIN LATERAL (
         SELECT s.id, s.status, s.finished_at, s.started_at, s.created_at, s.processed, s.failed, s.verification
         FROM sync_sessions s
         WHERE s.integration_id = i.id AND s.entity_type = e.entity_type
           AND s.status IN ('completed', 'partial', 'failed', 'cancelled', 'timed_out')
         ORDER BY s.created_at DESC LIMIT 1) AS last ON true
       WHERE $1::uuid[] IS NULL OR i.id = ANY($1)
       ORDER BY i.key, e.entity_type`,
      [scope],
    );
  }

  /** Open alerts per severity, and per integration (for the cards). */
  openAlerts(
    scope: Scope,
  ): Promise<{ severity: string; integration_id: string | null; entity_type: string | null; count: number }[]> {
    return this.dataSource.query(
      `SELECT severity, integration_id, entity_type, count(*)::int AS count FROM alerts
       WHERE status <> 'resolved' AND ($1::uuid[] IS NULL OR integration_id = ANY($1))
       GROUP BY severity, integration_id, entity_type`,
      [scope],
    );
  }

  /** Integrations with an open authentication alert. */
  async authFailing(scope: Scope): Promise<Set<string>> {
    const rows: { integration_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT integration_id FROM alerts
       WHERE status <> 'resolved' AND type = 'authentication_failure' AND ($1::uuid[] IS NULL OR integration_id = ANY($1))`,
      [scope],
    );
    return new Set(rows.map((row) => row.integration_id));
  }

  activeSessions(scope: Scope): Promise<{ running: number; queued: number }> {
    return countActiveSessions(this.dataSource, scope);
  }
}
