import { api } from '$lib/api/client';
import { failLoad } from '$lib/api/load-errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, depends }) => {
  depends('app:integration');
  try {
    return { integration: await api.integrations.get(params.id) };
  } catch (cause) {
    failLoad(cause, url, 'This integration does not exist or was deleted.');
  }
};
