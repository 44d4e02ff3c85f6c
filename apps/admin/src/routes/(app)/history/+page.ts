import { api } from '$lib/api/client';
import { listAllIntegrations } from '$lib/api/integrations';
import { HISTORY_PAGE_SIZE, filtersFromParams, toSessionQuery } from '$lib/history/history-filters';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:history');
  // Filters live in the address, so reload, back and shared links keep them.
  const filters = filtersFromParams(url.searchParams);
  const query = toSessionQuery(filters);
  // Not awaited: the page shows skeletons while both load.
  return {
    filters,
    query,
    firstPage: api.sessions.list({ ...query, limit: HISTORY_PAGE_SIZE }),
    integrations: listAllIntegrations(),
  };
};
