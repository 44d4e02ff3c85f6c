import { api } from '$lib/api/client';
import { loadGlobalSync } from '$lib/api/config';
import { failLoad } from '$lib/api/load-errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, depends }) => {
  depends('app:integration');
  try {
    const [integration, globalSync] = await Promise.all([api.integrations.get(params.id), loadGlobalSync()]);
    return { integration, globalSync };
  } catch (cause) {
    failLoad(cause, url, 'This integration does not exist or was deleted.');
  }
};
