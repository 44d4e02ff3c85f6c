import { api } from '$lib/api/client';
import { listAllIntegrations } from '$lib/api/integrations';
import { ERRORS_PAGE_SIZE, errorFiltersFromParams, toErrorQuery } from '$lib/errors/error-filters';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:errors');
  // Filters live in the address, so reload, back and shared links keep them.
  const filters = errorFiltersFromParams(url.searchParams);
  const query = toErrorQuery(filters);
  // Not awaited: the page shows skeletons while they load. The summary is read by the page, which follows it live.
  return {
    filters,
    query,
    firstPage: api.errors.list({ ...query, limit: ERRORS_PAGE_SIZE }),
    integrations: listAllIntegrations(),
  };
};
