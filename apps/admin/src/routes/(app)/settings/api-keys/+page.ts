import { MAX_PAGE_SIZE, roleAtLeast } from '@syncline/contracts';
import { api } from '$lib/api/client';
import { collectPages } from '$lib/api/pages';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, depends }) => {
  depends('app:api-keys');
  const { me } = await parent();
  if (!roleAtLeast(me.role, 'admin')) return { keys: null };
  // Integration names let the list say what a scoped key may touch.
  return {
    keys: Promise.all([
      api.apiKeys.list(),
      collectPages((cursor) => api.integrations.list({ cursor, limit: MAX_PAGE_SIZE })),
    ]),
  };
};
