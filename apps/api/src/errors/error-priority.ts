import type { ErrorSeverity } from '@syncline/contracts';

/** How much one severity outweighs the one below it. */
export const SEVERITY_WEIGHTS: Record<ErrorSeverity, number> = { info: 1, warning: 2, error: 4, critical: 8 };

/** After this long without a new error, a group counts half as urgent as one seen just now. */
export const RECENCY_HALF_MS = 24 * 3_600_000;

export interface PriorityInput {
  /** The most severe open error of the group. */
  severity: ErrorSeverity;
  /** Open errors in the group. */
  count: number;
  /** When the newest open error of the group was reported. */
  lastSeenAt: Date;
}

/**
 * How urgent a group of open errors is: severity weight × frequency × recency, where
 * - severity weight = 1, 2, 4, 8 for the group's most severe error (info … critical),
 * - frequency = log2(1 + open errors), so ten times the errors is not ten times the urgency,
 * - recency = 1 / (1 + age / 24 h), age = time since the newest error (1 now, ½ a day later, ⅛ a week later).
 * More severe, more frequent or more recent never lowers it; no open errors is 0.
 */
export function errorPriority({ severity, count, lastSeenAt }: PriorityInput, now: Date): number {
  if (count <= 0) return 0;
  const ageMs = Math.max(0, now.getTime() - lastSeenAt.getTime());
  const recency = RECENCY_HALF_MS / (RECENCY_HALF_MS + ageMs);
  return SEVERITY_WEIGHTS[severity] * Math.log2(1 + count) * recency;
}
