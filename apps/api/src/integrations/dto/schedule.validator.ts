import { CronExpressionParser } from 'cron-parser';
import { registerDecorator, type ValidationArguments } from 'class-validator';

/** Syncs may not be scheduled more often than this. */
export const MIN_SCHEDULE_INTERVAL_MS = 60_000;

/** Runs looked at for the shortest gap: enough for lists such as `0,5,30 * * * *`. */
const RUNS_CHECKED = 50;

/**
 * Why a cron expression is not an acceptable schedule, or null when it is. `minIntervalMs` is the
 * global "shortest schedule interval" setting; it is never below once a minute.
 */
export function scheduleProblem(expression: string, minIntervalMs = MIN_SCHEDULE_INTERVAL_MS): string | null {
  const fields = expression.trim().split(/\s+/).length;
  if (fields < 5 || fields > 6) return 'must be a cron expression of 5 or 6 fields, e.g. "*/15 * * * *"';
  try {
    const runs = CronExpressionParser.parse(expression, { tz: 'UTC' }).take(RUNS_CHECKED);
    const gaps = runs.slice(1).map((run, index) => run.getTime() - runs[index].getTime());
    const shortest = Math.max(minIntervalMs, MIN_SCHEDULE_INTERVAL_MS);
    if (gaps.some((gap) => gap < shortest)) return `must not run more often than ${every(shortest)}`;
    return null;
  } catch (error) {
    return `is not a valid cron expression (${(error as Error).message})`;
  }
}

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

export function IsSchedule(): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isSchedule',
      target: target.constructor,
      propertyName: property as string,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && scheduleProblem(value) === null,
        defaultMessage: ({ value }: ValidationArguments) =>
          typeof value === 'string' ? (scheduleProblem(value) ?? '') : 'must be a cron expression string',
      },
    });
}
