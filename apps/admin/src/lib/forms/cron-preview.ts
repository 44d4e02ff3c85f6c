import { CronExpressionParser } from 'cron-parser';
import { toString as describeCron } from 'cronstrue';

/** The API refuses schedules that run more often than this (apps/api/src/integrations/dto/schedule.validator.ts). */
const MIN_SCHEDULE_INTERVAL_MS = 60_000;
/** Runs looked at for the shortest gap, as the API does. */
const RUNS_CHECKED = 50;
export const NEXT_RUN_COUNT = 3;

export type SchedulePreview =
  { kind: 'manual' } | { kind: 'invalid'; reason: string } | { kind: 'valid'; description: string; nextRuns: Date[] };

/**
 * What a cron schedule means, read the way the API reads it (cron-parser, UTC, 5 or 6 fields, not
 * more often than the global shortest interval, never more than once a minute), so a mistake shows
 * at the field before saving, in the API's own words.
 */
export function previewSchedule(
  expression: string,
  now: Date = new Date(),
  minIntervalMs = MIN_SCHEDULE_INTERVAL_MS,
): SchedulePreview {
  const trimmed = expression.trim();
  if (!trimmed) return { kind: 'manual' };
  const fields = trimmed.split(/\s+/).length;
  if (fields < 5 || fields > 6) {
    return { kind: 'invalid', reason: 'must be a cron expression of 5 or 6 fields, e.g. "*/15 * * * *"' };
  }
  let runs: Date[];
  try {
    runs = CronExpressionParser.parse(trimmed, { tz: 'UTC', currentDate: now })
      .take(RUNS_CHECKED)
      .map((run) => run.toDate());
  } catch (error) {
    return { kind: 'invalid', reason: `is not a valid cron expression (${(error as Error).message})` };
  }
  const gaps = runs.slice(1).map((run, index) => run.getTime() - runs[index].getTime());
  const shortest = Math.max(minIntervalMs, MIN_SCHEDULE_INTERVAL_MS);
  if (gaps.some((gap) => gap < shortest)) {
    return { kind: 'invalid', reason: `must not run more often than ${every(shortest)}` };
  }
  return { kind: 'valid', description: describe(trimmed), nextRuns: runs.slice(0, NEXT_RUN_COUNT) };
}

/** "once a minute", "every 10 minutes", "every 2 hours": the API's words. */
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

/** "Every 15 minutes", "At 03:00 UTC, Monday through Friday"; times in a schedule are UTC. */
function describe(expression: string): string {
  try {
    const text = describeCron(expression, { use24HourTimeFormat: true, verbose: false });
    return text.replace(/\b(\d{2}:\d{2}(?::\d{2})?)\b/g, '$1 UTC');
  } catch {
    // cron-parser accepts a few forms cronstrue cannot put into words; the next runs still say it.
    return 'Custom schedule';
  }
}
