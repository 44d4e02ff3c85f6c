import {
  ERROR_CATEGORIES,
  ERROR_SEVERITIES,
  type ErrorCategory,
  type ErrorGroupView,
  type ErrorSeverity,
  type ErrorStatus,
} from '@syncline/contracts';
import { formatDate } from '$lib/format';
import type { ChartData } from '$lib/metrics/metric-charts';

/** Badge tones: the red ones need acting on, warnings may wait, info is for reading. */
export const SEVERITY_TONES = {
  critical: 'danger',
  error: 'danger',
  warning: 'warning',
  info: 'info',
} as const satisfies Record<ErrorSeverity, string>;

export const STATUS_TONES = {
  open: 'danger',
  resolved: 'success',
  ignored: 'neutral',
} as const satisfies Record<ErrorStatus, string>;

/** What each category usually means, for the group's card. */
export const CATEGORY_HINTS: Record<ErrorCategory, string> = {
  network: 'Connections refused, reset or unreachable',
  timeout: 'Requests that took too long',
  auth: 'Credentials refused or expired',
  rate_limit: 'The other side asked to slow down',
  validation: 'Records one side refused as invalid',
  data_integrity: 'Records missing, duplicated or inconsistent',
  conflict: 'Both sides changed the same record',
  remote_server: 'The remote system failed (5xx)',
  internal: 'Failures inside Syncline',
};

/** Most urgent first: the API's priority, then more open errors, then the categories' usual order. */
export function byPriority(groups: readonly ErrorGroupView[]): ErrorGroupView[] {
  return [...groups].sort(
    (a, b) =>
      b.priority - a.priority ||
      b.open - a.open ||
      ERROR_CATEGORIES.indexOf(a.category) - ERROR_CATEGORIES.indexOf(b.category),
  );
}

export interface SeveritySlice {
  severity: ErrorSeverity;
  count: number;
  /** Of the group's open errors, 0–1. */
  share: number;
}

/** The severities present, most severe first, with their share: a bar's segments. */
export function severityMix(bySeverity: Readonly<Record<ErrorSeverity, number>>): SeveritySlice[] {
  const total = ERROR_SEVERITIES.reduce((sum, severity) => sum + (bySeverity[severity] ?? 0), 0);
  if (total === 0) return [];
  return [...ERROR_SEVERITIES]
    .reverse()
    .filter((severity) => (bySeverity[severity] ?? 0) > 0)
    .map((severity) => ({ severity, count: bySeverity[severity], share: bySeverity[severity] / total }));
}

/** "1 critical, 2 warning"; "none" when empty. */
export function describeSeverityMix(bySeverity: Readonly<Record<ErrorSeverity, number>>): string {
  const slices = severityMix(bySeverity);
  return slices.length === 0 ? 'none' : slices.map(({ severity, count }) => `${count} ${severity}`).join(', ');
}

/** The group's daily counts as one bar series, labelled by day. */
export function trendChart(trendDays: readonly string[], trend: readonly number[]): ChartData {
  return {
    // Noon UTC: the same calendar day in every time zone from UTC−11 to UTC+11.
    labels: trendDays.map((day) => formatDate(`${day}T12:00:00Z`)),
    series: [{ label: 'Errors', values: trendDays.map((_, index) => trend[index] ?? 0) }],
  };
}

/** Errors in the last `days` days of the trend (today included). */
export function recentTotal(trend: readonly number[], days = 7): number {
  return trend.slice(-days).reduce((sum, count) => sum + count, 0);
}

/**
 * A request or response excerpt for reading: indented JSON, with bodies that were stored as JSON text
 * (as a connector logs what it sent) shown as the JSON they hold.
 */
export function formatExcerpt(excerpt: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(
    excerpt,
    (_key, value: unknown) => {
      if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return value;
      }
    },
    2,
  );
}
