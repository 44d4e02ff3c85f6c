import { roleAtLeast } from '@syncline/contracts';
import { api } from '$lib/api/client';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, depends }) => {
  depends('app:users');
  const { me } = await parent();
  // Only admins may list users; others get an explanation instead of a 403.
  return { users: roleAtLeast(me.role, 'admin') ? api.users.list() : null };
};
