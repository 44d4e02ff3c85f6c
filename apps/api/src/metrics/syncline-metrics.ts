import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HISTOGRAM_BUCKETS, histogramUpperBound } from '@syncline/contracts';
import { Registry, type Metric } from 'prom-client';
import type { DataSource } from 'typeorm';
import { countActiveSessions } from '../sessions/active-sessions';

interface TotalRow {
  metric: string;
  dimension: string;
  integration: string;
  entity: string;
  count: number;
  sum: number;
  histogram: Record<string, number> | null;
}

type Labels = Record<string, string>;
/** What prom-client's registry formats: one line per value (`metricName` for a histogram's parts). */
type Series = { metricName?: string; labels: Labels; value: number }[];
type SeriesType = 'counter' | 'gauge' | 'histogram';

/** Every 8th histogram bucket bound (×4 apart, 1 ms to about 3 days) as Prometheus `le`, in seconds. */
const LE_BUCKETS = Array.from({ length: Math.floor((HISTOGRAM_BUCKETS - 1) / 8) + 1 }, (_, j) => 1 + 8 * j);
/** One snapshot serves every series of one scrape. */
const SNAPSHOT_MS = 1000;

/**
 * Syncline's own series for Prometheus, read at scrape time from the running totals in the rollups and
 * from PostgreSQL — so every API instance reports the same numbers, whichever process did the work.
 */
@Injectable()
export class SynclineMetrics implements OnModuleInit {
  private snapshot?: { at: number; data: Promise<Snapshot> };

  constructor(
    private readonly registry: Registry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const total = (metric: string, labels: (row: TotalRow) => Labels) => (snapshot: Snapshot) =>
      snapshot.totals.filter((row) => row.metric === metric).map((row) => ({ labels: labels(row), value: row.sum }));
    const byEntity = (row: TotalRow) => ({ integration: row.integration, entity: row.entity });
    this.register(
      'syncline_sessions_total',
      'Finished syncs by integration, entity and final status',
      'counter',
      total('sessions', (row) => ({ ...byEntity(row), status: row.dimension })),
    );
    this.register(
      'syncline_records_processed_total',
      'Records processed by finished syncs',
      'counter',
      total('records_processed', byEntity),
    );
    this.register(
      'syncline_records_failed_total',
      'Records that failed in finished syncs',
      'counter',
      total('records_failed', byEntity),
    );
    this.register(
      'syncline_conflicts_total',
      'Conflicts detected by finished syncs',
      'counter',
      total('conflicts', byEntity),
    );
    this.register(
      'syncline_errors_total',
      'Reported errors by category',
      'counter',
      total('errors', (row) => ({ ...byEntity(row), category: row.dimension })),
    );
    this.register('syncline_sync_duration_seconds', 'Duration of finished syncs', 'histogram', (snapshot) =>
      snapshot.totals
        .filter((row) => row.metric === 'sync_duration_ms')
        .flatMap((row) => histogramSeries({ ...byEntity(row), status: row.dimension }, row)),
    );
    this.register('syncline_queue_depth', 'Syncs queued or running now', 'gauge', (snapshot) =>
      (['queued', 'running'] as const).map((state) => ({ labels: { state }, value: snapshot.active[state] })),
    );
    this.register('syncline_alerts_open', 'Open alerts by severity', 'gauge', (snapshot) =>
      (['info', 'warning', 'error', 'critical'] as const).map((severity) => ({
        labels: { severity },
        value: snapshot.openAlerts[severity] ?? 0,
      })),
    );
  }

  /** A series computed at scrape time, shaped as prom-client's own metrics so its registry formats it. */
  private register(name: string, help: string, type: SeriesType, values: (snapshot: Snapshot) => Series): void {
    const metric = {
      name,
      help,
      type,
      aggregator: 'sum',
      get: async () => ({ name, help, type, aggregator: 'sum', values: values(await this.current()) }),
      reset: () => undefined,
    };
    this.registry.registerMetric(metric as unknown as Metric);
  }

  private current(): Promise<Snapshot> {
    if (!this.snapshot || Date.now() - this.snapshot.at > SNAPSHOT_MS) {
      this.snapshot = { at: Date.now(), data: this.load() };
    }
    return this.snapshot.data;
  }

  private async load(): Promise<Snapshot> {
    const [totals, active, severities] = await Promise.all([
      this.dataSource.query(
        `SELECT r.metric, r.dimension, coalesce(i.key, '') AS integration, r.entity_type AS entity,
                r.count::float8 AS count, r.sum, r.histogram
         FROM metric_rollups r LEFT JOIN integrations i ON i.id = r.integration_id
         WHERE r.resolution = 'total' AND r.integration_id IS NOT NULL AND r.metric IN ('sessions', 'records_processed', 'records_failed', 'conflicts', 'errors', 'sync_duration_ms')`,
      ) as Promise<TotalRow[]>,
      countActiveSessions(this.dataSource),
      this.dataSource.query(
        `SELECT severity, count(*)::int AS count FROM alerts WHERE status <> 'resolved' GROUP BY severity`,
      ) as Promise<{ severity: string; count: number }[]>,
    ]);
    return {
      totals,
      active,
      openAlerts: Object.fromEntries(severities.map((row) => [row.severity, row.count])),
    };
  }
}

interface Snapshot {
  totals: TotalRow[];
  active: { queued: number; running: number };
  openAlerts: Record<string, number>;
}

/** Cumulative `_bucket` counts at the `le` bounds, then `+Inf`, `_sum` and `_count`, from a sparse histogram. */
function histogramSeries(labels: Labels, row: TotalRow): Series {
  const counts = Object.entries(row.histogram ?? {}).map(([bucket, count]) => [Number(bucket), Number(count)] as const);
  const series: Series = LE_BUCKETS.map((bound) => ({
    metricName: 'syncline_sync_duration_seconds_bucket',
    labels: { ...labels, le: String(histogramUpperBound(bound) / 1000) },
    value: counts.filter(([bucket]) => bucket <= bound).reduce((sum, [, count]) => sum + count, 0),
  }));
  series.push(
    { metricName: 'syncline_sync_duration_seconds_bucket', labels: { ...labels, le: '+Inf' }, value: row.count },
    { metricName: 'syncline_sync_duration_seconds_sum', labels, value: row.sum / 1000 },
    { metricName: 'syncline_sync_duration_seconds_count', labels, value: row.count },
  );
  return series;
}
