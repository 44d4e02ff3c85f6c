import {
  histogramPercentiles,
  INTERVAL_MS,
  MAX_SERIES_POINTS,
  METRIC_INTERVALS,
  type MetricInterval,
  type MetricPoint,
} from '@syncline/contracts';
import type { RollupRow } from './metric-rollups.repository';

export interface SeriesWindow {
  interval: MetricInterval;
  /** Start of the first bucket (aligned to the interval, UTC). */
  from: Date;
  /** Exclusive end. */
  to: Date;
}

const alignDown = (at: number, interval: MetricInterval) =>
  Math.floor(at / INTERVAL_MS[interval]) * INTERVAL_MS[interval];

/**
 * The window a series covers: `from` aligned down to the interval, and the interval made coarser until
 * the window fits in MAX_SERIES_POINTS buckets. Null when not even days fit.
 */
export function seriesWindow(asked: MetricInterval, from: Date, to: Date): SeriesWindow | null {
  for (const interval of METRIC_INTERVALS.slice(METRIC_INTERVALS.indexOf(asked))) {
    const start = alignDown(from.getTime(), interval);
    if (Math.ceil((to.getTime() - start) / INTERVAL_MS[interval]) <= MAX_SERIES_POINTS) {
      return { interval, from: new Date(start), to };
    }
  }
  return null;
}

/** Every bucket of the window, empty ones included, from the rollup rows of one dimension. */
export function toPoints(window: SeriesWindow, rows: readonly RollupRow[]): MetricPoint[] {
  const step = INTERVAL_MS[window.interval];
  const byBucket = new Map(rows.map((row) => [new Date(row.bucket).getTime(), row]));
  const points: MetricPoint[] = [];
  for (let at = window.from.getTime(); at < window.to.getTime(); at += step) {
    points.push(toPoint(at, step, byBucket.get(at)));
  }
  return points;
}

function toPoint(at: number, step: number, row: RollupRow | undefined): MetricPoint {
  const t = new Date(at).toISOString();
  if (!row)
    return { t, count: 0, sum: 0, avg: null, min: null, max: null, perMinute: 0, p50: null, p95: null, p99: null };
  const [p50, p95, p99] = row.histogram
    ? histogramPercentiles(row.histogram, [0.5, 0.95, 0.99], row)
    : [null, null, null];
  return {
    t,
    count: row.count,
    sum: row.sum,
    avg: row.sum / row.count,
    min: row.min,
    max: row.max,
    perMinute: row.sum / (step / 60_000),
    p50,
    p95,
    p99,
  };
}
