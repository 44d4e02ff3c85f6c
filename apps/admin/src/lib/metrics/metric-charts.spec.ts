import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricPoint, seriesView } from '$lib/alerts/test-factories';
import {
  chartSummary,
  dimensionSeries,
  hasData,
  metricsSearch,
  rangeQuery,
  statSeries,
  successRateSeries,
  trendSeries,
} from './metric-charts';

const T1 = '2026-11-23T10:00:00.000Z';
const T2 = '2026-11-23T11:00:00.000Z';

describe('metricsSearch', () => {
  it('keeps the range, and the integration only when one is chosen', () => {
    expect(metricsSearch('7d', '')).toBe('?range=7d');
    expect(metricsSearch('12h', 'i1')).toBe('?range=12h&integrationId=i1');
  });
});

describe('rangeQuery', () => {
  it('asks for the range up to now at its resolution, for one integration or all', () => {
    const now = new Date('2026-11-23T12:00:00.000Z');

    expect(rangeQuery('12h', '', now)).toEqual({
      interval: 'minute',
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-23T12:00:00.000Z',
    });
    expect(rangeQuery('30d', 'i1', now)).toMatchObject({ interval: 'day', integrationId: 'i1' });
  });
});

describe('statSeries', () => {
  it('draws the chosen statistics of one dimension, leaving empty buckets empty', () => {
    const view = seriesView([
      { dimension: 'failed', points: [metricPoint({ t: T1, count: 1, p50: 9 })] },
      {
        dimension: 'completed',
        points: [metricPoint({ t: T1, count: 2, p50: 100, p95: 180 }), metricPoint({ t: T2 })],
      },
    ]);

    const sut = statSeries(
      view,
      [
        { label: 'p50', pick: (point) => point.p50 },
        { label: 'p95', pick: (point) => point.p95 },
      ],
      'completed',
    );

    expect(sut.labels).toHaveLength(2);
    expect(sut.series).toEqual([
      { label: 'p50', values: [100, null] },
      { label: 'p95', values: [180, null] },
    ]);
  });
});

describe('dimensionSeries', () => {
  it('gives each dimension with data its own series, zero where it had none', () => {
    const view = seriesView([
      { dimension: 'network', points: [metricPoint({ t: T1, count: 3 }), metricPoint({ t: T2 })] },
      { dimension: 'validation', points: [metricPoint({ t: T2, count: 1 })] },
      { dimension: 'authentication', points: [metricPoint({ t: T1 })] },
    ]);

    expect(dimensionSeries(view, (point) => point.count).series).toEqual([
      { label: 'network', values: [3, 0] },
      { label: 'validation', values: [0, 1] },
    ]);
  });

  it('names a metric without dimensions as told', () => {
    const view = seriesView([{ dimension: '', points: [metricPoint({ t: T1, count: 1, perMinute: 40 })] }]);

    expect(dimensionSeries(view, (point) => point.perMinute, 'Records per minute').series).toEqual([
      { label: 'Records per minute', values: [40] },
    ]);
  });
});

describe('successRateSeries', () => {
  it('takes the completed share of the syncs finished in each bucket', () => {
    const view = seriesView([
      { dimension: 'completed', points: [metricPoint({ t: T1, count: 3 }), metricPoint({ t: T2 })] },
      { dimension: 'failed', points: [metricPoint({ t: T1, count: 1 }), metricPoint({ t: T2 })] },
    ]);

    expect(successRateSeries(view).series[0].values).toEqual([75, null]);
  });

  it('stays a percentage for any mix of statuses, and empty only where nothing finished', () => {
    const counts = fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(counts, counts, (completed, failed) => {
        const times = completed.map((_, index) => new Date(Date.UTC(2026, 10, 23, index)).toISOString());
        const view = seriesView([
          { dimension: 'completed', points: times.map((t, i) => metricPoint({ t, count: completed[i] })) },
          { dimension: 'failed', points: times.map((t, i) => metricPoint({ t, count: failed[i] ?? 0 })) },
        ]);
        return successRateSeries(view).series[0].values.every((value, i) =>
          completed[i] + (failed[i] ?? 0) === 0 ? value === null : value !== null && value >= 0 && value <= 100,
        );
      }),
    );
  });
});

describe('hasData', () => {
  it('is false for a series of empty buckets', () => {
    expect(hasData(seriesView([{ dimension: '', points: [metricPoint()] }]))).toBe(false);
    expect(hasData(seriesView([{ dimension: '', points: [metricPoint({ count: 1 })] }]))).toBe(true);
  });
});

describe('trendSeries', () => {
  it('draws the daily success rate as a percentage, empty on days without syncs', () => {
    const sut = trendSeries([
      { day: '2026-11-22', finished: 4, succeeded: 3, successRate: 0.75 },
      { day: '2026-11-23', finished: 0, succeeded: 0, successRate: null },
    ]);

    expect(sut.series).toEqual([{ label: 'Success rate', values: [75, null] }]);
    expect(sut.labels[0]).toContain('22');
  });
});

describe('chartSummary', () => {
  it('tells the latest and highest value of each series', () => {
    const sut = chartSummary(
      { labels: ['a', 'b', 'c'], series: [{ label: 'p95', values: [10, 30, null] }] },
      (value) => `${value} ms`,
    );

    expect(sut).toBe('p95: latest 30 ms, highest 30 ms.');
    expect(chartSummary({ labels: [], series: [{ label: 'x', values: [null] }] }, String)).toBe('No data.');
  });
});
