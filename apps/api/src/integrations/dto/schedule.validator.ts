import { CronExpressionParser } from 'cron-parser';
import { registerDecorator, type ValidationArguments } from 'class-validator';

/** Syncs may not be scheduled more often than this. */
export const MIN_SCHEDULE_INTERVAL_MS = 60_000;

/** Why a cron expression is not an acceptable schedule, or null when it is. */
export function scheduleProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/).length;
  if (fields < 5 || fields > 6) return 'must be a cron expression of 5 or 6 fields, e.g. "*/15 * * * *"';
  try {
    const runs = CronExpressionParser.parse(expression, { tz: 'UTC' }).take(3);
    const gaps = runs.slice(1).map((run, index) => run.getTime() - runs[index].getTime());
    if (gaps.some((gap) => gap < MIN_SCHEDULE_INTERVAL_MS)) return 'must not run more often than once a minute';
    return null;
  } catch (error) {
    return `is not a valid cron expression (${(error as Error).message})`;
  }
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
