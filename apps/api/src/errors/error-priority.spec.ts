import { ERROR_SEVERITIES, type ErrorSeverity } from '@syncline/contracts';
import fc from 'fast-check';
import { errorPriority, type PriorityInput } from './error-priority';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const YEAR_MS = 365 * 86_400_000;

const aSeverity = fc.constantFrom(...ERROR_SEVERITIES);
const aGroup: fc.Arbitrary<PriorityInput> = fc.record({
  severity: aSeverity,
  count: fc.integer({ min: 1, max: 1_000_000 }),
  lastSeenAt: fc.integer({ min: 0, max: YEAR_MS }).map((ageMs) => new Date(NOW.getTime() - ageMs)),
});
const rank = (severity: ErrorSeverity) => ERROR_SEVERITIES.indexOf(severity);
const sut = (group: PriorityInput) => errorPriority(group, NOW);

describe('error group priority', () => {
  it('is never lowered by a more severe error', () => {
    fc.assert(
      fc.property(aGroup, aSeverity, (group, severity) => {
        fc.pre(rank(severity) >= rank(group.severity));
        expect(sut({ ...group, severity })).toBeGreaterThanOrEqual(sut(group));
      }),
    );
  });

  it('is never lowered by more errors', () => {
    fc.assert(
      fc.property(aGroup, fc.nat(1_000_000), (group, more) => {
        expect(sut({ ...group, count: group.count + more })).toBeGreaterThanOrEqual(sut(group));
      }),
    );
  });

  it('is never lowered by a more recent error', () => {
    fc.assert(
      fc.property(aGroup, fc.nat(YEAR_MS), (group, newer) => {
        const lastSeenAt = new Date(Math.min(NOW.getTime(), group.lastSeenAt.getTime() + newer));
        expect(sut({ ...group, lastSeenAt })).toBeGreaterThanOrEqual(sut(group));
      }),
    );
  });

  it('is positive for open errors and 0 without', () => {
    fc.assert(
      fc.property(aGroup, (group) => {
        expect(sut(group)).toBeGreaterThan(0);
        expect(Number.isFinite(sut(group))).toBe(true);
        expect(sut({ ...group, count: 0 })).toBe(0);
      }),
    );
  });

  it('ranks one critical error just now above many info errors of last week', () => {
    const critical = sut({ severity: 'critical', count: 1, lastSeenAt: NOW });
    const stale = sut({ severity: 'info', count: 500, lastSeenAt: new Date(NOW.getTime() - 7 * 86_400_000) });

    expect(critical).toBe(8);
    expect(critical).toBeGreaterThan(stale);
  });

  it('counts an error from the future as seen now', () => {
    const future = sut({ severity: 'error', count: 3, lastSeenAt: new Date(NOW.getTime() + 60_000) });

    expect(future).toBe(sut({ severity: 'error', count: 3, lastSeenAt: NOW }));
  });
});
