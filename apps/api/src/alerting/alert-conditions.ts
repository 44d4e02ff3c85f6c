import {
  ALERT_TYPE_SPECS,
  type AlertType,
  type ErrorCategory,
  type SessionStatus,
  type VerificationView,
} from '@syncline/contracts';

/** What a rule's check found: raise (or repeat) the alert, clear it, or nothing to say either way. */
export type Verdict =
  | { firing: true; title: string; message: string; details: Record<string, unknown>; sessionId?: string | null }
  | { firing: false; reason: string }
  | null;

export interface FinishedSession {
  id: string;
  status: SessionStatus;
  durationMs: number;
  finishedAt: Date;
  verification: VerificationView | null;
}

/** Sums over a rule's window, read from the minute rollups. */
export interface WindowTotals {
  processed: number;
  failed: number;
  conflicts: number;
  timedOutSessions: number;
  errors: Partial<Record<ErrorCategory, number>>;
}

export interface ProcessLoad {
  name: string;
  heapUsedPercent: number;
  eventLoopLagMs: number;
}

/** Everything a check may look at; the evaluator gathers only what the rule's type needs. */
export interface Facts {
  /** Newest first, cancelled sessions left out. */
  recentSessions: FinishedSession[];
  /** Median and count of the entity's completed durations over the baseline period. */
  durationBaseline: { medianMs: number | null; samples: number };
  window: WindowTotals;
  lastSuccessAt: Date | null;
  /** Since when a success is expected: the integration's creation, or its entity's first session. */
  watchedSince: Date;
  failedChecks: { count: number; reasons: string[] };
  processes: ProcessLoad[];
  queueDepth: number;
  now: Date;
}

type Params = Record<string, number>;

const FAILED: readonly SessionStatus[] = ['failed', 'timed_out'];
const SUCCEEDED: readonly SessionStatus[] = ['completed', 'partial'];
const minutes = (ms: number) => Math.round(ms / 60_000);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A threshold over a window of the rollups: fires at `threshold` or more. */
function windowCount(what: string, count: number, params: Params): Verdict {
  const details = { count, threshold: params.threshold, windowMinutes: params.windowMinutes };
  return count >= params.threshold
    ? {
        firing: true,
        title: `${plural(count, what)} in ${params.windowMinutes} min`,
        message: `${plural(count, what)} in the last ${params.windowMinutes} minutes (threshold ${params.threshold}).`,
        details,
      }
    : { firing: false, reason: `${plural(count, what)} in the last ${params.windowMinutes} minutes` };
}

/** The check of each alert type, as a pure function of the facts. */
export const JUDGES: Record<AlertType, (params: Params, facts: Facts) => Verdict> = {
  sync_failure: (_, { recentSessions: [last] }) => {
    if (!last) return null;
    if (SUCCEEDED.includes(last.status)) return { firing: false, reason: `the next sync ${last.status}` };
    return {
      firing: true,
      title: `Sync ${last.status === 'timed_out' ? 'timed out' : 'failed'}`,
      message: `The sync ended ${last.status.replace('_', ' ')}.`,
      details: { status: last.status, durationMs: last.durationMs },
      sessionId: last.id,
    };
  },

  consecutive_failures: ({ count }, { recentSessions }) => {
    const [last] = recentSessions;
    if (!last) return null;
    if (SUCCEEDED.includes(last.status)) return { firing: false, reason: `the next sync ${last.status}` };
    const run = recentSessions.findIndex((session) => !FAILED.includes(session.status));
    const failures = run === -1 ? recentSessions.length : run;
    if (failures < count) return null;
    return {
      firing: true,
      title: `${failures} syncs failed in a row`,
      message: `The last ${failures} syncs all failed or timed out.`,
      details: { failures, threshold: count },
      sessionId: last.id,
    };
  },

  performance_degradation: ({ factor, minSamples }, { recentSessions: [last], durationBaseline }) => {
    if (!last || last.status !== 'completed') return null;
    const { medianMs, samples } = durationBaseline;
    if (medianMs === null || samples < minSamples) return null;
    const ratio = last.durationMs / Math.max(medianMs, 1);
    if (ratio <= factor) return { firing: false, reason: `the last sync took ${ratio.toFixed(1)}× the median` };
    return {
      firing: true,
      title: `Sync ${ratio.toFixed(1)}× slower than usual`,
      message: `The sync took ${last.durationMs} ms; the median of the last ${samples} is ${Math.round(medianMs)} ms.`,
      details: { durationMs: last.durationMs, medianMs, ratio, factor, samples },
      sessionId: last.id,
    };
  },

  high_error_rate: ({ percent, windowMinutes, minRecords }, { window }) => {
    if (window.processed < minRecords) return { firing: false, reason: 'too few records in the window' };
    const rate = (100 * window.failed) / window.processed;
    const details = {
      ratePercent: rate,
      thresholdPercent: percent,
      failed: window.failed,
      processed: window.processed,
    };
    if (rate <= percent) return { firing: false, reason: `${rate.toFixed(1)}% of records failed` };
    return {
      firing: true,
      title: `${rate.toFixed(1)}% of records failed`,
      message: `${window.failed} of ${window.processed} records failed in the last ${windowMinutes} minutes (threshold ${percent}%).`,
      details,
    };
  },

  integration_down: ({ failedChecks }, { failedChecks: checks }) => {
    if (checks.count === 0) return { firing: false, reason: 'both sides answer' };
    if (checks.count < failedChecks) return null;
    return {
      firing: true,
      title: 'Integration unreachable',
      message: `${plural(checks.count, 'connection check')} in a row failed: ${checks.reasons.join('; ')}`,
      details: { failedChecks: checks.count, threshold: failedChecks, reasons: checks.reasons },
    };
  },

  no_recent_sync: ({ windowMinutes }, { lastSuccessAt, watchedSince, now }) => {
    const since = lastSuccessAt ?? watchedSince;
    const quietMs = now.getTime() - since.getTime();
    if (quietMs <= windowMinutes * 60_000) return { firing: false, reason: 'a sync succeeded recently' };
    return {
      firing: true,
      title: `No successful sync for ${minutes(quietMs)} min`,
      message: lastSuccessAt
        ? `The last successful sync finished at ${lastSuccessAt.toISOString()}.`
        : 'No sync of this entity has succeeded yet.',
      details: { lastSuccessAt: lastSuccessAt?.toISOString() ?? null, windowMinutes },
    };
  },

  data_quality_issue: ({ minIssues }, { recentSessions }) => {
    const verified = recentSessions.find((session) => session.verification);
    if (!verified?.verification) return null;
    const { missingLocally, missingRemotely, integrity } = verified.verification;
    const issues = missingLocally.count + missingRemotely.count + integrity.violations;
    if (issues < minIssues) return { firing: false, reason: 'the last verification passed' };
    return {
      firing: true,
      title: `${plural(issues, 'data quality issue')} after sync`,
      message: `Verification found ${missingLocally.count} missing locally, ${missingRemotely.count} missing remotely and ${plural(integrity.violations, 'integrity violation')}.`,
      details: {
        missingLocally: missingLocally.count,
        missingRemotely: missingRemotely.count,
        integrityViolations: integrity.violations,
        sample: integrity.sample.slice(0, 5),
      },
      sessionId: verified.id,
    };
  },

  conflict_spike: (params, { window }) => windowCount('conflict', window.conflicts, params),
  authentication_failure: (params, { window }) => windowCount('authentication error', window.errors.auth ?? 0, params),
  rate_limit_exceeded: (params, { window }) =>
    windowCount('rate-limited request', window.errors.rate_limit ?? 0, params),
  timeout_threshold: (params, { window }) =>
    windowCount('timeout', (window.errors.timeout ?? 0) + window.timedOutSessions, params),

  resource_exhaustion: ({ memoryPercent, eventLoopLagMs, queueDepth }, { processes, queueDepth: depth }) => {
    const findings = [
      ...processes
        .filter((process) => process.heapUsedPercent > memoryPercent)
        .map((process) => `${process.name} heap ${process.heapUsedPercent.toFixed(0)}% used`),
      ...processes
        .filter((process) => process.eventLoopLagMs > eventLoopLagMs)
        .map((process) => `${process.name} event loop ${Math.round(process.eventLoopLagMs)} ms behind`),
      ...(depth > queueDepth ? [`${depth} syncs queued`] : []),
    ];
    if (findings.length === 0) return { firing: false, reason: 'resources are within limits' };
    return {
      firing: true,
      title: 'Resources exhausted',
      message: findings.join('; '),
      details: { findings, memoryPercent, eventLoopLagMs, queueDepth },
    };
  },
};

/** A rule's parameters with the type's defaults filled in. */
export function withDefaults(type: AlertType, params: Params = {}): Params {
  const filled: Params = {};
  for (const [name, spec] of Object.entries(ALERT_TYPE_SPECS[type].params)) filled[name] = params[name] ?? spec.default;
  return filled;
}
