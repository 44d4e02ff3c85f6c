/**
 * Time series Syncline keeps at minute, hour and day resolution. Every finished session, every
 * reported error and every metric sample is folded into them as it is stored.
 */
export const SERIES_METRICS = [
  /** Finished sessions; dimension: the final status. */
  'sessions',
  /** Wall time of a finished session, from start (or creation) to finish. */
  'sync_duration_ms',
  /** Time spent in one stage of a finished session, and `phase_duration_ms` samples; dimension: the stage. */
  'phase_duration_ms',
  'records_processed',
  'records_failed',
  'conflicts',
  /** Reported errors; dimension: the error category. */
  'errors',
  /** From `api_latency_ms` samples. */
  'api_latency_ms',
  /** From `throughput_rps` samples. */
  'throughput_rps',
  /** Jobs waiting or running, sampled every minute (system-wide), and `queue_depth` samples. */
  'queue_depth',
  /** From `cache_hit_rate` samples. */
  'cache_hit_rate',
] as const;
export type SeriesMetric = (typeof SERIES_METRICS)[number];

export const METRIC_INTERVALS = ['minute', 'hour', 'day'] as const;
export type MetricInterval = (typeof METRIC_INTERVALS)[number];

export const INTERVAL_MS: Record<MetricInterval, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** A series answers with at most this many points per dimension. */
export const MAX_SERIES_POINTS = 1000;

/**
 * Histogram buckets of the `_ms` metrics: bucket i (1-based) holds values in (2^((i-2)/4), 2^((i-1)/4)],
 * bucket 1 everything up to 1, the last everything above — a percentile read from them is off by less
 * than 19%. 128 buckets reach about 41 days.
 */
export const HISTOGRAM_BUCKETS = 128;

export const histogramUpperBound = (bucket: number): number => 2 ** ((bucket - 1) / 4);

/** The bucket of a value; the logarithm only guesses, comparing with the bounds decides (as PostgreSQL does). */
export function histogramBucket(value: number): number {
  if (!(value > 1)) return 1;
  let k = Math.ceil(4 * Math.log2(value));
  if (histogramUpperBound(k + 1) < value) k += 1;
  else if (histogramUpperBound(k) >= value) k -= 1;
  return Math.min(HISTOGRAM_BUCKETS, 1 + k);
}

/**
 * Percentiles (each 0 < q ≤ 1, ascending) read from a sparse histogram in one pass: the upper bound of
 * the bucket holding each, kept within the observed min and max. Nulls for an empty histogram.
 */
export function histogramPercentiles(
  histogram: Record<string, number>,
  qs: readonly number[],
  bounds: { min: number; max: number },
): (number | null)[] {
  const buckets = Object.entries(histogram)
    .map(([bucket, count]) => [Number(bucket), Number(count)] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return qs.map(() => null);
  const found: number[] = [];
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    while (found.length < qs.length && seen >= Math.ceil(qs[found.length] * total)) {
      found.push(Math.min(bounds.max, Math.max(bounds.min, histogramUpperBound(bucket))));
    }
  }
  while (found.length < qs.length) found.push(bounds.max);
  return found;
}

export const histogramPercentile = (
  histogram: Record<string, number>,
  q: number,
  bounds: { min: number; max: number },
): number | null => histogramPercentiles(histogram, [q], bounds)[0];

export interface MetricSeriesQuery {
  integrationId?: string;
  entityType?: string;
  interval?: MetricInterval;
  from?: string;
  to?: string;
  /** Comma-separated dimensions to keep (statuses, stages, error categories). */
  dimension?: string;
}

/** One bucket of a series. Empty buckets are present with `count` 0 and null statistics. */
export interface MetricPoint {
  /** Start of the bucket. */
  t: string;
  count: number;
  sum: number;
  avg: number | null;
  min: number | null;
  max: number | null;
  /** `sum` per minute of the bucket (e.g. records per minute). */
  perMinute: number;
  /** Estimated from the stored histogram; null for metrics without one and for empty buckets. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface MetricSeriesView {
  metric: SeriesMetric;
  /** The interval asked for, or a coarser one when the range would need more than 1,000 points. */
  interval: MetricInterval;
  from: string;
  to: string;
  integrationId: string | null;
  entityType: string | null;
  /** One series per dimension (status, stage, category…); a metric without dimensions has one, `""`. */
  series: { dimension: string; points: MetricPoint[] }[];
}
