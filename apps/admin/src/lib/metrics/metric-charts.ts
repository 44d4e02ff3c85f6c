import type {
  DashboardView,
  MetricInterval,
  MetricPoint,
  MetricSeriesQuery,
  MetricSeriesView,
} from '@syncline/contracts';
import { formatDate, formatDateTimeShort, formatPercent } from '$lib/format';

const HOUR_MS = 3_600_000;

/** The ranges the Metrics page offers, each at a resolution that keeps the chart readable. */
export const METRIC_RANGES = [
  { id: '12h', label: 'Last 12 hours (by minute)', interval: 'minute', durationMs: 12 * HOUR_MS },
  { id: '24h', label: 'Last 24 hours (by hour)', interval: 'hour', durationMs: 24 * HOUR_MS },
  { id: '7d', label: 'Last 7 days (by hour)', interval: 'hour', durationMs: 7 * 24 * HOUR_MS },
  { id: '30d', label: 'Last 30 days (by day)', interval: 'day', durationMs: 30 * 24 * HOUR_MS },
] as const satisfies readonly { id: string; label: string; interval: MetricInterval; durationMs: number }[];

export type MetricRangeId = (typeof METRIC_RANGES)[number]['id'];

export function isMetricRange(value: string | null): value is MetricRangeId {
  return METRIC_RANGES.some((range) => range.id === value);
}

/** The Metrics page's address query for a range and an integration (none for all). */
export function metricsSearch(rangeId: MetricRangeId, integrationId: string): string {
  const params = new URLSearchParams({ range: rangeId });
  if (integrationId) params.set('integrationId', integrationId);
  return `?${params}`;
}

export function rangeQuery(rangeId: MetricRangeId, integrationId: string, now: Date = new Date()): MetricSeriesQuery {
  const range = METRIC_RANGES.find((candidate) => candidate.id === rangeId) ?? METRIC_RANGES[1];
  return {
    interval: range.interval,
    from: new Date(now.getTime() - range.durationMs).toISOString(),
    to: now.toISOString(),
    ...(integrationId ? { integrationId } : {}),
  };
}

/** What a chart draws: one label per bucket, one line (or bar stack) per series; null where a bucket has nothing. */
export interface ChartData {
  labels: string[];
  series: { label: string; values: (number | null)[] }[];
}

export function hasData(view: MetricSeriesView | null | undefined): boolean {
  return !!view && view.series.some((series) => series.points.some((point) => point.count > 0));
}

/** Bucket starts in order, across every dimension of the series. */
function bucketTimes(view: MetricSeriesView): string[] {
  return [...new Set(view.series.flatMap((series) => series.points.map((point) => point.t)))].sort();
}

function bucketLabel(t: string, interval: MetricInterval): string {
  return interval === 'day' ? formatDate(t) : formatDateTimeShort(t);
}

function pointsByTime(points: readonly MetricPoint[]): Map<string, MetricPoint> {
  return new Map(points.map((point) => [point.t, point]));
}

/**
 * Statistics of one dimension as lines (e.g. p50 and p95 of completed syncs); buckets without
 * samples stay empty rather than drawn as zero.
 */
export function statSeries(
  view: MetricSeriesView,
  stats: readonly { label: string; pick: (point: MetricPoint) => number | null }[],
  dimension = '',
): ChartData {
  const times = bucketTimes(view);
  const points = pointsByTime(view.series.find((series) => series.dimension === dimension)?.points ?? []);
  return {
    labels: times.map((t) => bucketLabel(t, view.interval)),
    series: stats.map(({ label, pick }) => ({
      label,
      values: times.map((t) => {
        const point = points.get(t);
        return point && point.count > 0 ? pick(point) : null;
      }),
    })),
  };
}

/**
 * One series per dimension (e.g. errors by category, for a stacked bar); empty buckets count 0. A
 * metric without dimensions is one series, named `label`.
 */
export function dimensionSeries(
  view: MetricSeriesView,
  pick: (point: MetricPoint) => number,
  label: string = view.metric,
): ChartData {
  const times = bucketTimes(view);
  return {
    labels: times.map((t) => bucketLabel(t, view.interval)),
    series: view.series
      .filter((series) => series.points.some((point) => point.count > 0))
      .map((series) => {
        const points = pointsByTime(series.points);
        return {
          label: series.dimension || label,
          values: times.map((t) => {
            const point = points.get(t);
            return point ? pick(point) : 0;
          }),
        };
      }),
  };
}

/** Per bucket, the percentage of finished syncs (the `sessions` series by status) that completed; null without any. */
export function successRateSeries(view: MetricSeriesView): ChartData {
  const times = bucketTimes(view);
  const finished = new Map<string, number>();
  const completed = new Map<string, number>();
  for (const series of view.series) {
    for (const point of series.points) {
      finished.set(point.t, (finished.get(point.t) ?? 0) + point.count);
      if (series.dimension === 'completed') completed.set(point.t, point.count);
    }
  }
  return {
    labels: times.map((t) => bucketLabel(t, view.interval)),
    series: [
      {
        label: 'Completed',
        values: times.map((t) => {
          const total = finished.get(t) ?? 0;
          return total === 0 ? null : Math.round(((completed.get(t) ?? 0) / total) * 1000) / 10;
        }),
      },
    ],
  };
}

/** The dashboard's 30-day trend: the daily success rate as a percentage, empty on days without syncs. */
export function trendSeries(trend: DashboardView['trend']): ChartData {
  return {
    // A calendar day: read in local time, not as UTC midnight (the day before, west of Greenwich).
    labels: trend.map((day) => formatDate(`${day.day.slice(0, 10)}T00:00:00`)),
    series: [
      {
        label: 'Success rate',
        values: trend.map((day) => (day.successRate === null ? null : Math.round(day.successRate * 1000) / 10)),
      },
    ],
  };
}

/**
 * A sentence for screen readers: per series, the latest value and the highest. "No data" when every
 * bucket is empty.
 */
export function chartSummary(data: ChartData, format: (value: number) => string): string {
  const parts = data.series.flatMap((series) => {
    const values = series.values.filter((value): value is number => value !== null);
    if (values.length === 0) return [];
    const latest = values[values.length - 1];
    return [`${series.label}: latest ${format(latest)}, highest ${format(Math.max(...values))}`];
  });
  return parts.length === 0 ? 'No data.' : `${parts.join('; ')}.`;
}

/** For charts whose values are percentages (0–100), as the series above make them. */
export function formatPercentValue(value: number): string {
  return formatPercent(value / 100);
}
