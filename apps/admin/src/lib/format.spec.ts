import { describe, expect, it } from 'vitest';
import { formatRelative } from './format';

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
