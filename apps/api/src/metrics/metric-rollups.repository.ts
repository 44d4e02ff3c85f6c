import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MetricInterval, SeriesMetric } from '@syncline/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { countActiveSessions } from '../sessions/active-sessions';

/** One bucket of one dimension, summed over the integrations and entities the query covers. */
export interface RollupRow {
  dimension: string;
  bucket: Date;
  count: number;
  sum: number;
  min: number;
  max: number;
  histogram: Record<string, number> | null;
}

export interface RollupQuery {
  metric: SeriesMetric;
  resolution: MetricInterval;
  from: Date;
  to: Date;
  /** null: all integrations (their combined rows, which also hold the system-wide metrics). */
  integrationIds: readonly string[] | null;
  entityType?: string;
  dimensions?: readonly string[];
}

/** Something to fold into the rollups that no table row carries (e.g. the queue depth sampled each minute). */
export interface Observation {
  metric: SeriesMetric;
  dimension?: string;
  integrationId: string | null;
  entityType?: string;
  at: Date;
  value: number;
}

/**
 * The SQL of metric rollups, in one place. Triggers write them (see the metric-rollups migration);
 * unfiltered reads use the rows of all integrations, filtered ones sum the integrations' own rows.
 */
@Injectable()
export class MetricRollupsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async read(query: RollupQuery, manager: EntityManager = this.dataSource.manager): Promise<RollupRow[]> {
    const rows: RollupRow[] = await manager.query(
      `SELECT dimension, bucket, sum(count)::float8 AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max,
              metric_histogram_sum(histogram) AS histogram
       FROM metric_rollups
       WHERE metric = $1 AND resolution = $2 AND bucket >= $3 AND bucket < $4
         AND CASE WHEN $5::uuid[] IS NOT NULL THEN integration_id = ANY($5) AND ($6::text IS NULL OR entity_type = $6)
                  WHEN $6::text IS NOT NULL THEN integration_id IS NOT NULL AND entity_type = $6
                  ELSE integration_id IS NULL AND entity_type = '' END
         AND ($7::text[] IS NULL OR dimension = ANY($7))
       GROUP BY dimension, bucket
       ORDER BY dimension, bucket`,
      [
        query.metric,
        query.resolution,
        query.from,
        query.to,
        query.integrationIds,
        query.entityType ?? null,
        query.dimensions ?? null,
      ],
    );
    return rows;
  }

  async absorb(observations: readonly Observation[]): Promise<void> {
    if (observations.length === 0) return;
    await this.dataSource.query(
      `SELECT metric_rollups_absorb(ARRAY(
         SELECT ROW(o.metric, o.dimension, o.integration_id, o.entity_type, o.at, o.value)::metric_observation
         FROM json_to_recordset($1::json)
           AS o(metric text, dimension text, integration_id uuid, entity_type text, at timestamptz, value float8)))`,
      [
        JSON.stringify(
          observations.map((o) => ({
            metric: o.metric,
            dimension: o.dimension ?? '',
            integration_id: o.integrationId,
            entity_type: o.entityType ?? '',
            at: o.at.toISOString(),
            value: o.value,
          })),
        ),
      ],
    );
  }

  /** Folds the number of queued syncs (system-wide, from PostgreSQL where they are recorded) into queue_depth. */
  async sampleQueueDepth(at: Date): Promise<{ queued: number }> {
    const { queued } = await countActiveSessions(this.dataSource);
    await this.absorb([{ metric: 'queue_depth', integrationId: null, at, value: queued }]);
    return { queued };
  }
}
