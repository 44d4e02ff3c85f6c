import { api } from '$lib/api/client';
import { failLoad } from '$lib/api/load-errors';
import { session } from '$lib/state/session.svelte';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ url, depends }) => {
  depends('app:session');
  try {
    const me = await api.auth.me();
    session.signedIn(me);
    return { me };
  } catch (cause) {
    failLoad(cause, url);
  }
};
