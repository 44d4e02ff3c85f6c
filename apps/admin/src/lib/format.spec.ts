import { describe, expect, it } from 'vitest';
import {
  formatApproxDuration,
  formatCount,
  formatDateTimeShort,
  formatDuration,
  formatPercent,
  formatRelative,
  formatThroughput,
  humanize,
} from './format';

describe('formatRelative', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('says never for a missing time', () => {
    expect(formatRelative(null, now, 'en')).toBe('never');
  });

  it('says just now under a minute', () => {
    expect(formatRelative('2026-11-23T11:59:30Z', now, 'en')).toBe('just now');
  });

  it('uses the largest whole unit in the past and in the future', () => {
    expect(formatRelative('2026-11-23T09:00:00Z', now, 'en')).toBe('3 hours ago');
    expect(formatRelative('2026-11-25T12:00:00Z', now, 'en')).toBe('in 2 days');
  });
});

describe('formatDuration', () => {
  it('shows a dash when the duration is unknown', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
  });

  it('shows milliseconds under a second', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(850)).toBe('850 ms');
  });

  it('shows tenths of a second under ten seconds, whole seconds up to a minute', () => {
    expect(formatDuration(4230)).toBe('4.2 s');
    expect(formatDuration(9960)).toBe('10 s');
    expect(formatDuration(42_400)).toBe('42 s');
  });

  it('never shows 60 of a smaller unit', () => {
    expect(formatDuration(59_700)).toBe('1 min');
    expect(formatDuration(3_599_800)).toBe('1 h');
  });

  it('combines two units from a minute on', () => {
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(2 * 3_600_000 + 7 * 60_000)).toBe('2 h 7 min');
    expect(formatDuration(27 * 3_600_000)).toBe('1 d 3 h');
  });
});

describe('formatApproxDuration', () => {
  it('shows a dash when there is no estimate', () => {
    expect(formatApproxDuration(null)).toBe('—');
    expect(formatApproxDuration(Number.NaN)).toBe('—');
  });

  it('does not count seconds it cannot promise', () => {
    expect(formatApproxDuration(0)).toBe('a few seconds');
    expect(formatApproxDuration(9_000)).toBe('a few seconds');
    expect(formatApproxDuration(43_000)).toBe('~40 s');
  });

  it('rounds to whole minutes, and to five minutes past an hour', () => {
    expect(formatApproxDuration(56_000)).toBe('~1 min');
    expect(formatApproxDuration(125_000)).toBe('~2 min');
    expect(formatApproxDuration(92 * 60_000)).toBe('~1 h 30 min');
  });
});

describe('formatThroughput', () => {
  it('shows records per second, or a dash before there is a rate', () => {
    expect(formatThroughput(12.46)).toBe('12.5 records/s');
    expect(formatThroughput(null)).toBe('—');
  });
});

describe('formatCount', () => {
  it('uses the singular for one and the plural otherwise', () => {
    expect(formatCount(1, 'record')).toBe('1 record');
    expect(formatCount(0, 'record')).toBe('0 records');
    expect(formatCount(3, 'sync run')).toBe('3 sync runs');
    expect(formatCount(2, 'entry', 'entries')).toBe('2 entries');
  });
});

describe('formatPercent', () => {
  it('shows a share as a percentage with at most one decimal', () => {
    expect(formatPercent(0.935)).toBe('93.5%');
    expect(formatPercent(1)).toBe('100%');
  });

  it('shows a dash when there was nothing to take a share of', () => {
    expect(formatPercent(null)).toBe('—');
  });
});

describe('humanize', () => {
  it('turns a snake_case code into words', () => {
    expect(humanize('timed_out')).toBe('Timed out');
    expect(humanize('data_integrity')).toBe('Data integrity');
  });

  it('leaves an empty value empty', () => {
    expect(humanize('')).toBe('');
  });
});

describe('formatDateTimeShort', () => {
  const now = new Date('2026-11-23T12:00:00Z');

  it('leaves out the year of a time in the current year', () => {
    expect(formatDateTimeShort('2026-06-05T10:00:00Z', now)).not.toContain('2026');
  });

  it('keeps the year of a time in another year', () => {
    expect(formatDateTimeShort('2025-06-05T10:00:00Z', now)).toContain('2025');
  });

  it('shows a dash for a missing time', () => {
    expect(formatDateTimeShort(null, now)).toBe('—');
  });
});
