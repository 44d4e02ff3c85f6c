import { api } from '$lib/api/client';
import { ALERT_HISTORY_PAGE_SIZE, alertFiltersFromParams, toAlertQuery } from '$lib/alerts/alert-history';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:alert-history');
  const filters = alertFiltersFromParams(url.searchParams);
  const query = toAlertQuery(filters);
  // Not awaited: the page shows skeletons while it loads.
  return { filters, query, firstPage: api.alerts.history({ ...query, limit: ALERT_HISTORY_PAGE_SIZE }) };
};
