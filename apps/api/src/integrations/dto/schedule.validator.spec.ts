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
});
