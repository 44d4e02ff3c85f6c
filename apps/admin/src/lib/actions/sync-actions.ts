import type { IntegrationView, SessionRetryScope, SessionView, SyncTriggered } from '@syncline/contracts';
import { SynclineApiError } from '@syncline/sdk';
import { resolve } from '$app/paths';
import { api } from '$lib/api/client';
import { describeError } from '$lib/api/api-errors';
import { formatCount } from '$lib/format';
import { syncMonitor } from '$lib/state/sync-monitor.svelte';
import { toasts } from '$lib/state/toasts.svelte';
import { bulkOutcomes, type RetryOutcome } from '$lib/sync/monitor';
import { runningSessionId, SYNC_FORM_FIELDS, toManualSyncRequest, type SyncForm } from '$lib/sync/sync-request';
import type { ActionFailure, ActionResult } from './action-result';
import { handleError } from './handle-error';

export interface StartSyncFailure extends ActionFailure {
  /** The sync of the same entity already queued or running (a 409), to link to. */
  runningSessionId: string | null;
}

export type StartSyncResult = { ok: true; value: SyncTriggered } | StartSyncFailure;

const monitorLink = () => ({ href: resolve('/monitor'), label: 'Open Monitor' });

function describeSync(session: Pick<SessionView, 'integrationKey' | 'entityType'>): string {
  return `${session.integrationKey} ${session.entityType}`;
}

export async function startSync(integration: IntegrationView, form: SyncForm): Promise<StartSyncResult> {
  try {
    const triggered = await api.sync.manual(toManualSyncRequest(integration, form));
    toasts.success(`Sync of ${integration.key} ${form.entityType} queued.`, monitorLink());
    void syncMonitor.refresh();
    return { ok: true, value: triggered };
  } catch (error) {
    if (error instanceof SynclineApiError && error.status === 409) {
      // Belongs at the form, beside the link to the sync already under way, not in a toast.
      const message = describeError(error);
      return { ok: false, message, fields: {}, unmatched: [], status: 409, runningSessionId: runningSessionId(error) };
    }
    return { ...handleError(error, SYNC_FORM_FIELDS), runningSessionId: null };
  }
}

/** A queued sync stops at once; a running one at its next batch boundary (the Monitor shows "Cancelling…"). */
export async function cancelSync(session: SessionView): Promise<ActionResult<SessionView>> {
  try {
    const updated = await api.sync.cancel(session.id);
    if (updated.status === 'cancelled') {
      toasts.info(`Sync of ${describeSync(session)} cancelled.`);
    } else {
      syncMonitor.markCancelling(session.id);
      toasts.info(`Cancelling the sync of ${describeSync(session)}: it stops after its current batch.`);
    }
    void syncMonitor.refresh();
    return { ok: true, value: updated };
  } catch (error) {
    return handleError(error);
  }
}

/** Runs a finished sync again as a new session: all of it, or only the records that failed. */
export async function retrySync(session: SessionView, scope: SessionRetryScope): Promise<ActionResult<SyncTriggered>> {
  try {
    const triggered = await api.sync.retry(session.id, scope);
    // The failed item itself says "Retry queued" with a link; no toast needed.
    syncMonitor.recordRetries(new Map([[session.id, { ok: true, sessionId: triggered.sessionId }]]));
    void syncMonitor.refresh();
    return { ok: true, value: triggered };
  } catch (error) {
    return handleError(error);
  }
}

/** Retries several failed syncs in one request; each succeeds or fails on its own. */
export async function retrySyncs(sessions: readonly SessionView[]): Promise<ActionResult<Map<string, RetryOutcome>>> {
  const ids = sessions.map((session) => session.id);
  try {
    const { results } = await api.sync.bulk({ action: 'retry', sessionIds: ids, scope: 'all' });
    const outcomes = bulkOutcomes(ids, results);
    syncMonitor.recordRetries(outcomes);
    const failed = [...outcomes.values()].filter((outcome) => !outcome.ok).length;
    const queued = outcomes.size - failed;
    if (failed === 0) toasts.success(`${formatCount(queued, 'retry', 'retries')} queued.`);
    else if (queued === 0) toasts.error('The selected syncs could not be retried; each one says why.');
    else
      toasts.info(`${formatCount(queued, 'retry', 'retries')} queued; ${failed} could not be retried, each says why.`);
    void syncMonitor.refresh();
    return { ok: true, value: outcomes };
  } catch (error) {
    return handleError(error);
  }
}
