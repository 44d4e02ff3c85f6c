import { listAllIntegrations } from '$lib/api/integrations';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ depends }) => {
  depends('app:integrations');
  // Not awaited: the page shows skeletons while the list loads.
  return { integrations: listAllIntegrations() };
};
