import { api } from '$lib/api/client';
import { failLoad } from '$lib/api/load-errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, depends }) => {
  depends('app:error');
  try {
    return { error: await api.errors.get(params.id) };
  } catch (cause) {
    failLoad(cause, url, 'This error does not exist or was deleted with its sync run.');
  }
};
