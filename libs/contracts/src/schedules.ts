/** Syncs may not be scheduled more often than this. */
export const MIN_SCHEDULE_INTERVAL_MS = 60_000;

/** Runs of a schedule looked at for its shortest gap: enough for lists such as `0,5,30 * * * *`. */
export const SCHEDULE_RUNS_CHECKED = 50;

/**
 * The schedule rule the API enforces and the admin app previews, each parsing the expression itself
 * (cron-parser, UTC) and handing over its next runs. Null when the schedule is acceptable.
 */
export const scheduleProblems = {
  /** A cron expression has 5 fields, or 6 with seconds. */
  shape(expression: string): string | null {
    const fields = expression.trim().split(/\s+/).length;
    return fields < 5 || fields > 6 ? 'must be a cron expression of 5 or 6 fields, e.g. "*/15 * * * *"' : null;
  },

  /** `minIntervalMs` is the global "shortest schedule interval" setting; never below once a minute. */
  interval(runs: readonly Date[], minIntervalMs = MIN_SCHEDULE_INTERVAL_MS): string | null {
    const shortest = Math.max(minIntervalMs, MIN_SCHEDULE_INTERVAL_MS);
    const tooOften = runs.slice(1).some((run, index) => run.getTime() - runs[index].getTime() < shortest);
    return tooOften ? `must not run more often than ${every(shortest)}` : null;
  },

  unparsable(error: unknown): string {
    return `is not a valid cron expression (${(error as Error).message})`;
  },
};

/** "once a minute", "every 10 minutes", "every 90 seconds", "every 2 hours". */
function every(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds === 60) return 'once a minute';
  const [count, unit] =
    seconds % 3600 === 0
      ? [seconds / 3600, 'hour']
      : seconds % 60 === 0
        ? [seconds / 60, 'minute']
        : [seconds, 'second'];
  return count === 1 ? `once an ${unit}` : `every ${count} ${unit}s`;
}
