import { api } from '$lib/api/client';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, depends }) => {
  depends('app:config');
  const { me } = await parent();
  // Everyone may read it; only admins change it.
  return { me, config: api.config.get() };
};
