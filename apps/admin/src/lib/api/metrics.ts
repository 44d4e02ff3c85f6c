import type { MetricSeriesQuery, MetricSeriesView } from '@syncline/contracts';
import { api } from './client';

export interface MetricsPageSeries {
  duration: MetricSeriesView;
  records: MetricSeriesView;
  sessions: MetricSeriesView;
  latency: MetricSeriesView;
  errors: MetricSeriesView;
  queue: MetricSeriesView;
}

/** The series the Metrics page charts, read together for one range and integration. */
export async function loadMetricsPage(query: MetricSeriesQuery): Promise<MetricsPageSeries> {
  // The queue is shared by every integration: its depth is only kept system-wide.
  const { integrationId: _scope, ...systemWide } = query;
  const [duration, records, sessions, latency, errors, queue] = await Promise.all([
    api.metrics.series('sync_duration_ms', { ...query, dimension: 'completed' }),
    api.metrics.series('records_processed', query),
    api.metrics.series('sessions', query),
    api.metrics.series('api_latency_ms', query),
    api.metrics.series('errors', query),
    api.metrics.series('queue_depth', systemWide),
  ]);
  return { duration, records, sessions, latency, errors, queue };
}
