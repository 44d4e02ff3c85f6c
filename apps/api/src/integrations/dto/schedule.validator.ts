import { MIN_SCHEDULE_INTERVAL_MS, SCHEDULE_RUNS_CHECKED, scheduleProblems } from '@syncline/contracts';
import { CronExpressionParser } from 'cron-parser';
import { registerDecorator, type ValidationArguments } from 'class-validator';

/**
 * Why a cron expression is not an acceptable schedule, or null when it is. `minIntervalMs` is the
 * global "shortest schedule interval" setting; it is never below once a minute.
 */
export function scheduleProblem(expression: string, minIntervalMs = MIN_SCHEDULE_INTERVAL_MS): string | null {
  const shape = scheduleProblems.shape(expression);
  if (shape) return shape;
  try {
    const runs = CronExpressionParser.parse(expression, { tz: 'UTC' })
      .take(SCHEDULE_RUNS_CHECKED)
      .map((run) => run.toDate());
    return scheduleProblems.interval(runs, minIntervalMs);
  } catch (error) {
    return scheduleProblems.unparsable(error);
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
