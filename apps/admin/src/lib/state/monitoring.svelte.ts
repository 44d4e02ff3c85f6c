import { MAX_PAGE_SIZE, type AlertView, type DashboardView, type LiveEventName } from '@syncline/contracts';
import { api } from '$lib/api/client';
import { followRoom } from './live-env';
import { LiveResource } from './live-resource.svelte';

/** What changes the dashboard's cards, rates and alert counts. */
const DASHBOARD_EVENTS: ReadonlySet<LiveEventName> = new Set([
  'session.started',
  'session.completed',
  'session.failed',
  'queue.changed',
  'alert.fired',
  'alert.updated',
]);

const ALERT_EVENTS: ReadonlySet<LiveEventName> = new Set(['alert.fired', 'alert.updated']);

/** The dashboard, read in one call (`GET /dashboard`) and again when a sync starts or ends or an alert moves. */
export const dashboard = new LiveResource<DashboardView>({
  load: () => api.monitoring.dashboard(),
  follow: followRoom('all'),
  changedBy: DASHBOARD_EVENTS,
});

/**
 * The open alerts, most severe first (the API's first page of at most 200): the banner follows them
 * on every page, the Alerts page lists them.
 */
export const openAlerts = new LiveResource<AlertView[]>({
  load: async () => (await api.alerts.list({ limit: MAX_PAGE_SIZE })).items,
  follow: followRoom('alerts'),
  changedBy: ALERT_EVENTS,
  // A person waits for the alert they acted on to move: shorter than the dashboard's second.
  debounceMs: 300,
});
