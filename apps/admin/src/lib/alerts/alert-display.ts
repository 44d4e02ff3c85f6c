import { ALERT_SEVERITIES, MAX_PAGE_SIZE, type AlertSeverity, type AlertView } from '@syncline/contracts';

/** Higher is more severe. */
export function severityRank(severity: AlertSeverity): number {
  return ALERT_SEVERITIES.indexOf(severity);
}

export interface BannerSummary {
  /** "3", or "200+" when the API's list was cut at its page size. */
  count: string;
  /** The most severe, then most recently seen. */
  top: AlertView;
}

/**
 * What the app-wide banner says: open error and critical alerts. Suppressed ones are left out: someone
 * chose to quiet them until a time.
 */
export function bannerSummary(openAlerts: readonly AlertView[]): BannerSummary | null {
  const serious = openAlerts.filter(
    (alert) => severityRank(alert.severity) >= severityRank('error') && alert.status !== 'suppressed',
  );
  if (serious.length === 0) return null;
  const top = serious.reduce((best, alert) =>
    severityRank(alert.severity) > severityRank(best.severity) ||
    (alert.severity === best.severity && alert.lastSeenAt > best.lastSeenAt)
      ? alert
      : best,
  );
  const truncated = openAlerts.length >= MAX_PAGE_SIZE;
  return { count: `${serious.length}${truncated ? '+' : ''}`, top };
}

/** The durations "Suppress" offers. */
export const SUPPRESS_DURATIONS = [
  { minutes: 15, label: '15 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 240, label: '4 hours' },
  { minutes: 1440, label: '24 hours' },
] as const;

export function suppressUntil(minutes: number, now: Date = new Date()): string {
  return new Date(now.getTime() + minutes * 60_000).toISOString();
}

/** Acknowledge is offered while nobody has; resolve and suppress while the alert is open. */
export function availableActions(alert: Pick<AlertView, 'status'>): {
  acknowledge: boolean;
  resolve: boolean;
  suppress: boolean;
} {
  const open = alert.status !== 'resolved';
  return { acknowledge: alert.status === 'firing', resolve: open, suppress: open };
}

/** "seller-sheet · vehicle", "All integrations". */
export function alertScope(alert: Pick<AlertView, 'integrationKey' | 'entityType'>): string {
  return [alert.integrationKey ?? 'All integrations', alert.entityType].filter(Boolean).join(' · ');
}

/** The measured values of an alert, as label and text, for its expanded details. */
export function detailEntries(details: Record<string, unknown>): { label: string; value: string }[] {
  return Object.entries(details).map(([key, value]) => ({
    label: key,
    value: typeof value === 'string' ? value : JSON.stringify(value),
  }));
}
