import type { ErrorPage, ErrorSummaryView, LiveEventName, LiveRoom } from '@syncline/contracts';
import { api } from '$lib/api/client';
import { ERRORS_PAGE_SIZE, toErrorQuery, toErrorSummaryQuery, type ErrorFilters } from '$lib/errors/error-filters';
import { followRoom } from './live-env';
import { LiveResource } from './live-resource.svelte';

/**
 * The live events errors are stored with: a sync's failed records, and its end (the engine stores the
 * requests it retried and what made it fail just before). Errors an integration reports itself come with
 * no event of their own: the resource's periodic refresh reads them.
 */
const ERROR_EVENTS: ReadonlySet<LiveEventName> = new Set(['record.failed', 'session.completed', 'session.failed']);

export interface LatestErrors {
  /** The open errors by category. */
  summary: ErrorSummaryView;
  /** The list's first page as it reads now: what the list shown lacks of it is new. */
  firstPage: ErrorPage;
}

/**
 * The Errors page's summary and newest errors for these filters, read again when a sync stores errors.
 * One resource for both: one socket, and one read of each per burst of events.
 */
export function latestErrors(filters: ErrorFilters): LiveResource<LatestErrors> {
  // An integration's room carries only its events: the others cannot change what these filters show.
  const room: LiveRoom = filters.integrationId ? `integration:${filters.integrationId}` : 'all';
  return new LiveResource({
    load: async () => {
      const [summary, firstPage] = await Promise.all([
        api.errors.summary(toErrorSummaryQuery(filters)),
        api.errors.list({ ...toErrorQuery(filters), limit: ERRORS_PAGE_SIZE }),
      ]);
      return { summary, firstPage };
    },
    follow: followRoom(room),
    changedBy: ERROR_EVENTS,
  });
}
