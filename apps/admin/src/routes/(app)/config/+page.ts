import { listAllIntegrations } from '$lib/api/integrations';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ depends }) => {
  depends('app:integrations');
  return { integrations: listAllIntegrations() };
};
