import fc from 'fast-check';
import { scheduleProblem } from './schedule.validator';

describe('scheduleProblem', () => {
  it.each(['*/15 * * * *', '0 3 * * 1-5', '0 */5 * * * *', '0 0 * * *'])('accepts %s', (cron) => {
    expect(scheduleProblem(cron)).toBeNull();
  });

  it.each([
    ['* * * * * *', 'once a minute'],
    ['*/10 * * * * *', 'once a minute'],
    ['61 * * * *', 'not a valid cron'],
    ['* * *', '5 or 6 fields'],
    ['hourly', '5 or 6 fields'],
  ])('refuses %s', (cron, reason) => {
    expect(scheduleProblem(cron)).toContain(reason);
  });

  it('accepts every whole-minute schedule', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 23 }), (minute, hour) => {
        expect(scheduleProblem(`${minute} ${hour} * * *`)).toBeNull();
      }),
    );
  });

  it('refuses a schedule that runs more often than the shortest interval set, even once among many runs', () => {
    const tenMinutes = 600_000;

    expect(scheduleProblem('*/5 * * * *', tenMinutes)).toBe('must not run more often than every 10 minutes');
    expect(scheduleProblem('0,5 * * * *', tenMinutes)).toBe('must not run more often than every 10 minutes');
    expect(scheduleProblem('*/10 * * * *', tenMinutes)).toBeNull();
    expect(scheduleProblem('0 * * * *', 2 * 3_600_000)).toBe('must not run more often than every 2 hours');
  });

  it('never allows more than once a minute, whatever is set', () => {
    expect(scheduleProblem('*/30 * * * * *', 1000)).toBe('must not run more often than once a minute');
  });
});
