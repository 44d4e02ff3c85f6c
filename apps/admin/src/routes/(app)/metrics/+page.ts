import { loadMetricsPage } from '$lib/api/metrics';
import { listAllIntegrations } from '$lib/api/integrations';
import { isUuid } from '$lib/history/history-filters';
import { isMetricRange, rangeQuery } from '$lib/metrics/metric-charts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ url, depends }) => {
  depends('app:metrics');
  // The range and integration live in the address, so reload and shared links keep them.
  const rangeParam = url.searchParams.get('range');
  const range = isMetricRange(rangeParam) ? rangeParam : '24h';
  const integrationParam = url.searchParams.get('integrationId') ?? '';
  const integrationId = isUuid(integrationParam) ? integrationParam : '';
  // Not awaited: the page shows skeletons while they load.
  return {
    range,
    integrationId,
    series: loadMetricsPage(rangeQuery(range, integrationId)),
    integrations: listAllIntegrations(),
  };
};
