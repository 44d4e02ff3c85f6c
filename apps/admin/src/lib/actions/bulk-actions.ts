import type { BulkSyncAction, BulkSyncRequest, IntegrationView, SessionView } from '@syncline/contracts';
import { resolve } from '$app/paths';
import { api } from '$lib/api/client';
import { syncMonitor } from '$lib/state/sync-monitor.svelte';
import { toasts } from '$lib/state/toasts.svelte';
import {
  bulkItemOutcomes,
  bulkSyncRequests,
  describeOutcome,
  summarizeBulk,
  type BulkItemOutcome,
} from '$lib/sync/bulk';
import type { ActionResult } from './action-result';
import { handleError } from './handle-error';

export interface BulkResult {
  /** "3 started, 1 already running". */
  summary: string;
  /** Per item asked for, in the order asked. */
  outcomes: BulkItemOutcome[];
}

const monitorLink = () => ({ href: resolve('/monitor'), label: 'Open Monitor' });

async function run(action: BulkSyncAction, request: BulkSyncRequest, count: number, skipped = 0): Promise<BulkResult> {
  const { results } = count > 0 ? await api.sync.bulk(request) : { results: [] };
  const outcomes = bulkItemOutcomes(count, results);
  const summary = summarizeBulk(action, outcomes, skipped);
  const succeeded = outcomes.filter((outcome) => outcome.ok).length;
  if (succeeded === 0) toasts.error(`${summary}.`);
  else if (succeeded < outcomes.length || skipped > 0) toasts.info(`${summary}.`, monitorLink());
  else toasts.success(`${summary}.`, monitorLink());
  if (succeeded > 0) void syncMonitor.refresh();
  return { summary, outcomes };
}

export interface BulkSyncResult extends BulkResult {
  /** Per integration: how each of its entities fared, or why it was left out. */
  byIntegration: Map<string, { ok: boolean; text: string }>;
}

/** "Sync now" for several integrations: each mapped entity in its usual direction, incrementally. */
export async function syncIntegrations(
  integrations: readonly IntegrationView[],
): Promise<ActionResult<BulkSyncResult>> {
  const { syncs, owners, skipped } = bulkSyncRequests(integrations);
  try {
    const result = await run('trigger', { action: 'trigger', syncs }, syncs.length, skipped.length);
    const byIntegration = new Map<string, { ok: boolean; text: string }>();
    for (const { integration, reason } of skipped) byIntegration.set(integration.id, { ok: false, text: reason });
    for (const integration of integrations) {
      const mine = result.outcomes.flatMap((outcome, index) =>
        owners[index] === integration.id ? [{ outcome, entityType: syncs[index].entityType }] : [],
      );
      if (mine.length === 0) continue;
      byIntegration.set(integration.id, {
        ok: mine.every(({ outcome }) => outcome.ok),
        text: mine.map(({ entityType, outcome }) => `${entityType} ${describeOutcome('trigger', outcome)}`).join(', '),
      });
    }
    return { ok: true, value: { ...result, byIntegration } };
  } catch (error) {
    return handleError(error);
  }
}

/** Runs finished syncs again, all of each, as new sessions. */
export async function retrySessions(sessions: readonly SessionView[]): Promise<ActionResult<BulkResult>> {
  const sessionIds = sessions.map((session) => session.id);
  try {
    return { ok: true, value: await run('retry', { action: 'retry', sessionIds, scope: 'all' }, sessionIds.length) };
  } catch (error) {
    return handleError(error);
  }
}

/** Stops queued syncs at once and running ones at their next batch boundary. */
export async function cancelSessions(sessions: readonly SessionView[]): Promise<ActionResult<BulkResult>> {
  const sessionIds = sessions.map((session) => session.id);
  try {
    return { ok: true, value: await run('cancel', { action: 'cancel', sessionIds }, sessionIds.length) };
  } catch (error) {
    return handleError(error);
  }
}
