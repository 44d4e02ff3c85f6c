import { roleAtLeast } from '@syncline/contracts';
import { api } from '$lib/api/client';
import { listAllIntegrations } from '$lib/api/integrations';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, depends }) => {
  depends('app:api-keys');
  const { me } = await parent();
  if (!roleAtLeast(me.role, 'admin')) return { keys: null };
  // Integration names let the list say what a scoped key may touch.
  return {
    keys: Promise.all([api.apiKeys.list(), listAllIntegrations()]),
  };
};
