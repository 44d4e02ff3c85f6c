import { api } from '$lib/api/client';
import { collectPages } from '$lib/api/pages';
import { MAX_PAGE_SIZE } from '@syncline/contracts';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ depends }) => {
  depends('app:integrations');
  return { integrations: collectPages((cursor) => api.integrations.list({ cursor, limit: MAX_PAGE_SIZE })) };
};
