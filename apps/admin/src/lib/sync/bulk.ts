import {
  isTerminal,
  type BulkSyncAction,
  type BulkSyncOutcome,
  type IntegrationView,
  type ManualSyncRequest,
  type SessionView,
} from '@syncline/contracts';
import { isEngineSession } from './monitor';
import { defaultDirection, syncableEntities, syncBlockedReason } from './sync-request';

/** Why one item of a bulk request did not happen, in the words a summary groups it by. */
export type BulkFailureKind = 'already_running' | 'already_finished' | 'still_running' | 'not_engine' | 'failed';

export type BulkItemOutcome = { ok: true; sessionId: string } | { ok: false; kind: BulkFailureKind; message: string };

/** The API answers by index; an item it left unanswered did not happen either. */
export function bulkItemOutcomes(count: number, results: readonly BulkSyncOutcome[]): BulkItemOutcome[] {
  return Array.from({ length: count }, (_, index) => {
    const result = results.find((candidate) => candidate.index === index);
    if (!result) return { ok: false, kind: 'failed', message: 'The API did not answer for this one.' };
    if (result.ok && result.sessionId) return { ok: true, sessionId: result.sessionId };
    const message = result.error?.message ?? 'It failed.';
    return { ok: false, kind: failureKind(result.error?.statusCode, message), message };
  });
}

/** Sorts the API's 409 answers (sync.service.ts) into what a person needs to know; anything else just failed. */
export function failureKind(statusCode: number | undefined, message: string): BulkFailureKind {
  if (statusCode !== 409) return 'failed';
  if (/already (queued|running)/.test(message)) return 'already_running';
  if (/already (completed|partial|failed|cancelled|timed_out)/.test(message)) return 'already_finished';
  if (/still (queued|running)/.test(message)) return 'still_running';
  if (/reported by an integration/.test(message)) return 'not_engine';
  return 'failed';
}

const DONE: Record<BulkSyncAction, string> = { trigger: 'started', cancel: 'cancelled', retry: 'retried' };
const FAILED: Record<BulkFailureKind, string> = {
  already_running: 'already running',
  already_finished: 'already finished',
  still_running: 'still running',
  not_engine: 'not run by Syncline',
  failed: 'failed',
};

/** One item's outcome in a few words, for beside the item: "started", "already running", or the API's reason. */
export function describeOutcome(action: BulkSyncAction, outcome: BulkItemOutcome): string {
  if (outcome.ok) return DONE[action];
  return outcome.kind === 'failed' ? outcome.message : FAILED[outcome.kind];
}

/** "3 started, 1 already running", "2 cancelled, 1 already finished, 1 skipped". */
export function summarizeBulk(action: BulkSyncAction, outcomes: readonly BulkItemOutcome[], skipped = 0): string {
  const counts = new Map<string, number>();
  const add = (label: string, by = 1) => counts.set(label, (counts.get(label) ?? 0) + by);
  const succeeded = outcomes.filter((outcome) => outcome.ok).length;
  if (succeeded > 0) add(DONE[action], succeeded);
  for (const outcome of outcomes) if (!outcome.ok) add(FAILED[outcome.kind]);
  if (skipped > 0) add('skipped', skipped);
  if (counts.size === 0) return 'Nothing to do';
  return [...counts].map(([label, count]) => `${count} ${label}`).join(', ');
}

/** What "Sync now" on several integrations asks for: each syncable entity in its usual direction, incrementally. */
export function bulkSyncRequests(integrations: readonly IntegrationView[]): {
  syncs: ManualSyncRequest[];
  /** The integration each request is for, by index. */
  owners: string[];
  /** Integrations left out, with the reason. */
  skipped: { integration: IntegrationView; reason: string }[];
} {
  const syncs: ManualSyncRequest[] = [];
  const owners: string[] = [];
  const skipped: { integration: IntegrationView; reason: string }[] = [];
  for (const integration of integrations) {
    const blocked = syncBlockedReason(integration);
    if (blocked) {
      skipped.push({ integration, reason: blocked });
      continue;
    }
    for (const { entityType } of syncableEntities(integration)) {
      syncs.push({
        integrationId: integration.id,
        entityType,
        direction: defaultDirection(integration, entityType),
        mode: 'incremental',
      });
      owners.push(integration.id);
    }
  }
  return { syncs, owners, skipped };
}

/** Sessions a bulk retry can take: finished runs of Syncline's own engine. */
export function retryable(session: SessionView): boolean {
  return isEngineSession(session) && isTerminal(session.status);
}

/** Sessions a bulk cancel can take: Syncline's own runs still queued or running. */
export function cancellable(session: SessionView): boolean {
  return isEngineSession(session) && !isTerminal(session.status);
}
