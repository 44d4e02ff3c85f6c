import { api } from '$lib/api/client';
import { failLoad } from '$lib/api/load-errors';
import { SESSION_LOG_PAGE_SIZE } from '$lib/history/history-filters';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, depends }) => {
  depends('app:sync-run');
  // Asked for together; the lists are not awaited, so their sections show skeletons meanwhile.
  const errors = api.sessions.errors(params.id, { limit: SESSION_LOG_PAGE_SIZE });
  const records = api.sessions.records(params.id, { limit: SESSION_LOG_PAGE_SIZE });
  try {
    return { session: await api.sessions.get(params.id), errors, records };
  } catch (cause) {
    // The lists fail for the same reason; the error page says it once.
    void Promise.allSettled([errors, records]);
    failLoad(cause, url, 'This sync run does not exist or was deleted.');
  }
};
