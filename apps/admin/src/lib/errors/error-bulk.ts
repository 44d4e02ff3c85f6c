import type { BulkErrorOutcome, ErrorAction, ErrorItemView } from '@syncline/contracts';

/** Why one error of a bulk request was left as it was, in the words a summary groups it by. */
export type ErrorFailureKind =
  'already_resolved' | 'already_ignored' | 'sync_running' | 'not_retryable' | 'not_found' | 'not_allowed' | 'failed';

export type ErrorOutcome = { ok: true; sessionId?: string } | { ok: false; kind: ErrorFailureKind; message: string };

/** Sorts an error the API refused (errors.service.ts) into what a person needs to know. */
export function errorFailureKind(statusCode: number, message: string): ErrorFailureKind {
  switch (statusCode) {
    case 404:
      return 'not_found';
    case 403:
      return 'not_allowed';
    case 422:
      return 'not_retryable';
    case 409:
      if (/already resolved/.test(message)) return 'already_resolved';
      if (/already ignored/.test(message)) return 'already_ignored';
      if (/already (queued|running)|still (queued|running)/.test(message)) return 'sync_running';
      return 'failed';
    default:
      return 'failed';
  }
}

/** The API's answer for each id asked about; an id it left unanswered did not happen either. */
export function errorOutcomes(ids: readonly string[], results: readonly BulkErrorOutcome[]): Map<string, ErrorOutcome> {
  return new Map(
    ids.map((id): [string, ErrorOutcome] => {
      const result = results.find((candidate) => candidate.id === id);
      if (!result) return [id, { ok: false, kind: 'failed', message: 'The API did not answer for this one.' }];
      if (result.ok) return [id, { ok: true, sessionId: result.sessionId }];
      const message = result.error?.details[0]?.reason
        ? `${result.error.message}: ${result.error.details[0].reason}`
        : (result.error?.message ?? 'It failed.');
      return [id, { ok: false, kind: errorFailureKind(result.error?.statusCode ?? 0, message), message }];
    }),
  );
}

const DONE: Record<ErrorAction, string> = { retry: 'retried', resolve: 'resolved', ignore: 'ignored' };
const FAILED: Record<ErrorFailureKind, string> = {
  already_resolved: 'already resolved',
  already_ignored: 'already ignored',
  sync_running: 'waiting for a sync still running',
  not_retryable: 'cannot be retried',
  not_found: 'no longer there',
  not_allowed: 'not allowed',
  failed: 'failed',
};

/** One error's outcome in a few words, for beside it: "resolved", "already ignored", or the API's reason. */
export function describeErrorOutcome(action: ErrorAction, outcome: ErrorOutcome): string {
  if (outcome.ok) return action === 'retry' ? 'retry queued' : DONE[action];
  return outcome.kind === 'failed' ? outcome.message : FAILED[outcome.kind];
}

/** "3 resolved, 1 already resolved"; retries also say how many sessions run them. */
export function summarizeErrorBulk(action: ErrorAction, outcomes: Iterable<ErrorOutcome>): string {
  const counts = new Map<string, number>();
  const sessions = new Set<string>();
  let succeeded = 0;
  for (const outcome of outcomes) {
    if (outcome.ok) {
      succeeded += 1;
      if (outcome.sessionId) sessions.add(outcome.sessionId);
    } else {
      const label = FAILED[outcome.kind];
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
  }
  const parts = [...counts].map(([label, count]) => `${count} ${label}`);
  if (succeeded > 0) {
    const done =
      action === 'retry' && sessions.size > 0
        ? `${succeeded} retried in ${sessions.size} ${sessions.size === 1 ? 'session' : 'sessions'}`
        : `${succeeded} ${DONE[action]}`;
    parts.unshift(done);
  }
  return parts.length === 0 ? 'Nothing to do' : parts.join(', ');
}

/** The list's errors as they are after an action: closed ones take their new status, retried ones their retry. */
export function applyErrorOutcomes<T extends ErrorItemView>(
  errors: readonly T[],
  action: ErrorAction,
  outcomes: ReadonlyMap<string, ErrorOutcome>,
  now: Date = new Date(),
): T[] {
  return errors.map((error) => {
    const outcome = outcomes.get(error.id);
    if (!outcome?.ok) return error;
    if (action === 'retry') {
      return outcome.sessionId
        ? { ...error, retryCount: error.retryCount + 1, lastRetry: { sessionId: outcome.sessionId, status: 'queued' } }
        : error;
    }
    return { ...error, status: action === 'resolve' ? 'resolved' : 'ignored', resolvedAt: now.toISOString() };
  });
}

/** Whether the error's record can be run again from here: it names one, and Syncline ran its sync. */
export function canRetry(error: Pick<ErrorItemView, 'recordKey' | 'engineRun'>): boolean {
  return error.recordKey !== null && error.engineRun;
}
