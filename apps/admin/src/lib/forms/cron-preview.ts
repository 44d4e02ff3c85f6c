import { MIN_SCHEDULE_INTERVAL_MS, SCHEDULE_RUNS_CHECKED, scheduleProblems } from '@syncline/contracts';
import { CronExpressionParser } from 'cron-parser';
import { toString as describeCron } from 'cronstrue';

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
  const problem = scheduleProblems.shape(trimmed);
  if (problem) return { kind: 'invalid', reason: problem };
  let runs: Date[];
  try {
    runs = CronExpressionParser.parse(trimmed, { tz: 'UTC', currentDate: now })
      .take(SCHEDULE_RUNS_CHECKED)
      .map((run) => run.toDate());
  } catch (error) {
    return { kind: 'invalid', reason: scheduleProblems.unparsable(error) };
  }
  const tooOften = scheduleProblems.interval(runs, minIntervalMs);
  if (tooOften) return { kind: 'invalid', reason: tooOften };
  return { kind: 'valid', description: describe(trimmed), nextRuns: runs.slice(0, NEXT_RUN_COUNT) };
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
