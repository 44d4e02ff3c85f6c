import type {
  BulkSyncOutcome,
  QueuedSyncView,
  SessionCounters,
  SessionView,
  SyncProgressView,
  SyncStatusView,
} from '@syncline/contracts';
import { formatApproxDuration, formatNumber } from '$lib/format';

/** Everything the Monitor shows, as one consistent picture from whichever source delivered it. */
export interface MonitorSnapshot {
  status: SyncStatusView;
  queue: QueuedSyncView[];
  /** Per running session, when it could be read: its ETA and whether a cancel is pending. */
  progress: Record<string, SyncProgressView>;
}

export interface SyncProgress {
  processed: number;
  total: number;
  /** 0–100, or null while the total is unknown (an indeterminate bar). */
  percent: number | null;
  /** "120 of 200", or what is known without a total. */
  label: string;
}

export interface ActiveSync {
  session: SessionView;
  progress: SyncProgress;
  etaMs: number | null;
  /** A cancel was asked for; the sync stops at its next batch boundary. */
  cancelling: boolean;
}

export interface MonitorView {
  active: ActiveSync[];
  queue: QueuedSyncView[];
  failed: SessionView[];
  /** Nothing running, waiting or recently failed. */
  idle: boolean;
}

/**
 * Where a running sync stands. The API raises `total` to `processed` when more records turn up than
 * it expected (or when it expected none), so `processed >= total` on a running sync means "total
 * unknown", not "done": the bar is then indeterminate rather than stuck at 100 %.
 */
export function syncProgress(counters: Pick<SessionCounters, 'processed' | 'total'>): SyncProgress {
  const { processed, total } = counters;
  if (total <= 0 || processed >= total) {
    return {
      processed,
      total,
      percent: null,
      label: processed > 0 ? `${formatNumber(processed)} processed` : 'Starting…',
    };
  }
  const percent = Math.max(0, Math.round((processed / total) * 1000) / 10);
  return { processed, total, percent, label: `${formatNumber(processed)} of ${formatNumber(total)}` };
}

/** Lines up running syncs with their progress and the cancels asked for on this screen. */
export function toMonitorView(snapshot: MonitorSnapshot, cancelling: ReadonlySet<string>): MonitorView {
  const { status, queue, progress } = snapshot;
  const active = status.active.map((session) => ({
    session,
    progress: syncProgress(session.counters),
    etaMs: progress[session.id]?.etaMs ?? null,
    cancelling: cancelling.has(session.id) || (progress[session.id]?.cancelRequested ?? false),
  }));
  const idle = active.length === 0 && queue.length === 0 && status.pending.length === 0 && status.failed.length === 0;
  return { active, queue, failed: status.failed, idle };
}

/** A queued sync's estimated wait: "Next" for the first in line, then "~2 min". */
export function formatWait(estimatedWaitMs: number): string {
  return estimatedWaitMs <= 0 ? 'Next' : formatApproxDuration(estimatedWaitMs);
}

/** Ids still queued or running: a "Cancelling…" mark is dropped once its sync has left both. */
export function unfinishedIds(status: SyncStatusView): Set<string> {
  return new Set([...status.active, ...status.pending].map((session) => session.id));
}

/** The Monitor's queue shows this many syncs; the rest are behind a "Show N more" button. */
export const QUEUE_SHOWN = 3;

/** The first `limit` items, and how many a "Show N more" button would add; all of them once expanded. */
export function collapse<T>(items: readonly T[], limit: number, expanded: boolean): { visible: T[]; hidden: number } {
  if (expanded || items.length <= limit) return { visible: [...items], hidden: 0 };
  return { visible: items.slice(0, limit), hidden: items.length - limit };
}

/** A long reason cut at a word boundary near `max` characters, for a line that expands on demand. */
export function truncateText(text: string, max: number): { short: string; truncated: boolean } {
  const clean = text.trim();
  if (clean.length <= max) return { short: clean, truncated: false };
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return { short: `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`, truncated: true };
}

/** The results of a bulk retry, per session it was asked for (the API answers by index). */
export type RetryOutcome = { ok: true; sessionId: string } | { ok: false; message: string };

export function bulkOutcomes(
  sessionIds: readonly string[],
  results: readonly BulkSyncOutcome[],
): Map<string, RetryOutcome> {
  const outcomes = new Map<string, RetryOutcome>();
  for (const result of results) {
    const id = sessionIds[result.index];
    if (id === undefined) continue;
    outcomes.set(
      id,
      result.ok && result.sessionId
        ? { ok: true, sessionId: result.sessionId }
        : { ok: false, message: result.error?.message ?? 'The retry failed.' },
    );
  }
  // A session the API left unanswered did not get a retry either.
  for (const id of sessionIds) {
    if (!outcomes.has(id)) outcomes.set(id, { ok: false, message: 'No answer for this sync.' });
  }
  return outcomes;
}

/** Syncline ran this session (an integration did not just report it), so it can cancel and retry it. */
export function isEngineSession(session: SessionView): boolean {
  return session.mode !== null;
}
