import { ALERT_SEVERITIES, MAX_PAGE_SIZE } from '@syncline/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availableActions, bannerSummary, severityRank, suppressUntil } from './alert-display';
import { alertView } from './test-factories';

describe('bannerSummary', () => {
  it('says nothing while no error or critical alert is open', () => {
    expect(bannerSummary([alertView({ severity: 'warning' }), alertView({ severity: 'info' })])).toBeNull();
    expect(bannerSummary([])).toBeNull();
  });

  it('counts error and critical alerts and names the most severe', () => {
    const critical = alertView({ id: 'c', severity: 'critical', title: 'Integration down' });
    const sut = bannerSummary([
      alertView({ id: 'e', severity: 'error' }),
      critical,
      alertView({ severity: 'warning' }),
    ]);

    expect(sut).toEqual({ count: '2', top: critical });
  });

  it('leaves out alerts someone suppressed', () => {
    expect(bannerSummary([alertView({ severity: 'critical', status: 'suppressed' })])).toBeNull();
  });

  it('prefers the most recently seen of equally severe alerts', () => {
    const older = alertView({ id: 'old', lastSeenAt: '2026-11-23T10:00:00.000Z' });
    const newer = alertView({ id: 'new', lastSeenAt: '2026-11-23T11:00:00.000Z' });

    expect(bannerSummary([older, newer])?.top.id).toBe('new');
  });

  it('marks the count as a lower bound when the API cut the list at its page size', () => {
    const alerts = Array.from({ length: MAX_PAGE_SIZE }, (_, index) => alertView({ id: String(index) }));

    expect(bannerSummary(alerts)?.count).toBe(`${MAX_PAGE_SIZE}+`);
  });

  it('always names an alert at least as severe as every other one it counts', () => {
    const alert = fc.record({
      id: fc.uuid(),
      severity: fc.constantFrom(...ALERT_SEVERITIES),
      status: fc.constantFrom('firing', 'acknowledged', 'suppressed' as const),
      lastSeenAt: fc.integer({ min: 0, max: 1e12 }).map((ms) => new Date(ms).toISOString()),
    });
    fc.assert(
      fc.property(fc.array(alert, { maxLength: 30 }), (generated) => {
        const alerts = generated.map((overrides) => alertView(overrides));
        const counted = alerts.filter((a) => severityRank(a.severity) >= 2 && a.status !== 'suppressed');
        const sut = bannerSummary(alerts);
        if (counted.length === 0) return sut === null;
        return (
          sut !== null &&
          sut.count === String(counted.length) &&
          counted.every((a) => severityRank(a.severity) <= severityRank(sut.top.severity))
        );
      }),
    );
  });
});

describe('availableActions', () => {
  it('offers acknowledge only while firing, and nothing once resolved', () => {
    expect(availableActions({ status: 'firing' })).toEqual({ acknowledge: true, resolve: true, suppress: true });
    expect(availableActions({ status: 'acknowledged' })).toEqual({ acknowledge: false, resolve: true, suppress: true });
    expect(availableActions({ status: 'resolved' })).toEqual({ acknowledge: false, resolve: false, suppress: false });
  });
});

describe('suppressUntil', () => {
  it('adds the chosen minutes to now', () => {
    expect(suppressUntil(240, new Date('2026-11-23T12:00:00.000Z'))).toBe('2026-11-23T16:00:00.000Z');
  });
});
