import type { ErrorAction, ErrorItemView, ErrorRetried } from '@syncline/contracts';
import { resolve } from '$app/paths';
import { api } from '$lib/api/client';
import { errorOutcomes, summarizeErrorBulk, type ErrorOutcome } from '$lib/errors/error-bulk';
import { capitalize, humanize } from '$lib/format';
import { toasts } from '$lib/state/toasts.svelte';
import type { ActionResult } from './action-result';
import { handleError } from './handle-error';

export type CloseAction = Exclude<ErrorAction, 'retry'>;

const CLOSED: Record<CloseAction, string> = { resolve: 'resolved', ignore: 'ignored' };

/** "rate limit error of record STK-1". */
const describe = (error: ErrorItemView) =>
  `${humanize(error.category).toLowerCase()} error${error.recordKey ? ` of record ${error.recordKey}` : ''}`;
const runLink = (sessionId: string) => ({
  href: resolve('/(app)/history/[id]', { id: sessionId }),
  label: 'Open the run',
});

/** Runs the error's record again in a new retry session of its sync. */
export async function retryError(error: ErrorItemView): Promise<ActionResult<ErrorRetried>> {
  try {
    const retried = await api.errors.retry(error.id);
    toasts.success(`Retry of the ${describe(error)} queued.`, runLink(retried.sessionId));
    return { ok: true, value: retried };
  } catch (caught) {
    return handleError(caught);
  }
}

/** Resolves or ignores one error, with an optional note. */
export async function closeError(
  error: ErrorItemView,
  action: CloseAction,
  note?: string,
): Promise<ActionResult<ErrorItemView>> {
  try {
    const body = { note: note?.trim() || undefined };
    const closed =
      action === 'resolve' ? await api.errors.resolve(error.id, body) : await api.errors.ignore(error.id, body);
    toasts.success(`${capitalize(describe(error))} ${CLOSED[action]}.`);
    return { ok: true, value: closed };
  } catch (caught) {
    return handleError(caught, ['note']);
  }
}

export interface ErrorBulkResult {
  /** "3 resolved, 1 already resolved". */
  summary: string;
  outcomes: Map<string, ErrorOutcome>;
}

/** Retries, resolves or ignores several errors in one request; each succeeds or fails on its own. */
export async function actOnErrors(
  errors: readonly ErrorItemView[],
  action: ErrorAction,
  note?: string,
): Promise<ActionResult<ErrorBulkResult>> {
  const ids = errors.map((error) => error.id);
  try {
    const { results } = await api.errors.bulk({ ids, action, note: note?.trim() || undefined });
    const outcomes = errorOutcomes(ids, results);
    const summary = summarizeErrorBulk(action, outcomes.values());
    const succeeded = [...outcomes.values()].filter((outcome) => outcome.ok).length;
    if (succeeded === 0) toasts.error(`${summary}.`);
    else if (succeeded < ids.length) toasts.info(`${summary}.`);
    else toasts.success(`${summary}.`);
    return { ok: true, value: { summary, outcomes } };
  } catch (caught) {
    return handleError(caught, ['note']);
  }
}
