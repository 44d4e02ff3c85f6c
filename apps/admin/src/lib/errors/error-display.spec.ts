import type { ErrorGroupView } from '@syncline/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byPriority, describeSeverityMix, formatExcerpt, recentTotal, severityMix, trendChart } from './error-display';

function group(overrides: Partial<ErrorGroupView>): ErrorGroupView {
  return {
    category: 'validation',
    open: 1,
    bySeverity: { info: 0, warning: 1, error: 0, critical: 0 },
    retryable: 0,
    firstSeenAt: '2026-11-23T10:00:00.000Z',
    lastSeenAt: '2026-11-23T10:00:00.000Z',
    priority: 1,
    trend: [],
    ...overrides,
  };
}

describe('byPriority', () => {
  it('puts the most urgent first, then the one with more open errors, then the usual category order', () => {
    const sut = byPriority([
      group({ category: 'timeout', priority: 2, open: 1 }),
      group({ category: 'auth', priority: 8 }),
      group({ category: 'network', priority: 2, open: 1 }),
      group({ category: 'validation', priority: 2, open: 5 }),
    ]);

    expect(sut.map((item) => item.category)).toEqual(['auth', 'validation', 'network', 'timeout']);
  });

  it('orders any groups by non-increasing priority without losing one', () => {
    const aGroup = fc.record({ priority: fc.double({ min: 0, max: 1000, noNaN: true }), open: fc.nat(1000) });
    fc.assert(
      fc.property(fc.array(aGroup, { maxLength: 9 }), (parts) => {
        const sut = byPriority(parts.map((part) => group(part)));
        expect(sut).toHaveLength(parts.length);
        for (let index = 1; index < sut.length; index++) {
          expect(sut[index - 1].priority).toBeGreaterThanOrEqual(sut[index].priority);
        }
      }),
    );
  });
});

describe('the severity mix', () => {
  it('lists the severities present, most severe first, with their shares', () => {
    const sut = severityMix({ info: 1, warning: 2, error: 0, critical: 1 });

    expect(sut).toEqual([
      { severity: 'critical', count: 1, share: 0.25 },
      { severity: 'warning', count: 2, share: 0.5 },
      { severity: 'info', count: 1, share: 0.25 },
    ]);
    expect(describeSeverityMix({ info: 1, warning: 2, error: 0, critical: 1 })).toBe('1 critical, 2 warning, 1 info');
  });

  it('is empty without errors', () => {
    expect(severityMix({ info: 0, warning: 0, error: 0, critical: 0 })).toEqual([]);
    expect(describeSeverityMix({ info: 0, warning: 0, error: 0, critical: 0 })).toBe('none');
  });
});

describe('the trend', () => {
  it('draws one bar per day, zero for days without errors', () => {
    const sut = trendChart(['2026-11-21', '2026-11-22', '2026-11-23'], [0, 4]);

    expect(sut.series).toEqual([{ label: 'Errors', values: [0, 4, 0] }]);
    expect(sut.labels).toHaveLength(3);
    expect(sut.labels[2]).toContain('23');
  });

  it('sums the last days', () => {
    expect(recentTotal([5, 0, 1, 2, 3, 4, 5, 6, 7])).toBe(28);
    expect(recentTotal([1, 2, 3], 2)).toBe(5);
  });
});

describe('formatExcerpt', () => {
  it('indents the excerpt and opens bodies stored as JSON text', () => {
    const sut = formatExcerpt({ status: 422, body: '{"errors":[{"field":"status","reason":"must be one of a, b"}]}' });

    expect(JSON.parse(sut)).toEqual({
      status: 422,
      body: { errors: [{ field: 'status', reason: 'must be one of a, b' }] },
    });
    expect(sut).toContain('\n  "status": 422');
  });

  it('leaves text that only looks like JSON as it is', () => {
    expect(JSON.parse(formatExcerpt({ body: '{not json', note: '[1] item' }))).toEqual({
      body: '{not json',
      note: '[1] item',
    });
  });
});
