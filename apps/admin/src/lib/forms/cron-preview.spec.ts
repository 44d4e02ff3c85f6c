import { describe, expect, it } from 'vitest';
import { previewSchedule } from './cron-preview';

const now = new Date('2026-11-23T10:07:30.000Z');

describe('previewSchedule', () => {
  it('describes a schedule in words and lists its next three runs, in UTC', () => {
    const sut = previewSchedule('*/15 * * * *', now);

    expect(sut).toEqual({
      kind: 'valid',
      description: 'Every 15 minutes',
      nextRuns: [
        new Date('2026-11-23T10:15:00.000Z'),
        new Date('2026-11-23T10:30:00.000Z'),
        new Date('2026-11-23T10:45:00.000Z'),
      ],
    });
  });

  it('says which time zone the times of a schedule are in', () => {
    const sut = previewSchedule('0 3 * * 1-5', now);

    expect(sut).toMatchObject({ kind: 'valid', description: 'At 03:00 UTC, Monday through Friday' });
    expect(sut.kind === 'valid' && sut.nextRuns[0].toISOString()).toBe('2026-11-24T03:00:00.000Z');
  });

  it('reads six fields as seconds first, as the API does', () => {
    const sut = previewSchedule('0 */5 * * * *', now);

    expect(sut).toMatchObject({ kind: 'valid', description: 'Every 5 minutes' });
  });

  it('treats an empty schedule as manual syncs only', () => {
    expect(previewSchedule('  ', now)).toEqual({ kind: 'manual' });
  });

  it.each([
    ['*/15 * * *', 'must be a cron expression of 5 or 6 fields, e.g. "*/15 * * * *"'],
    ['* * * * * * *', 'must be a cron expression of 5 or 6 fields, e.g. "*/15 * * * *"'],
    ['61 * * * *', 'is not a valid cron expression (Constraint error, got value 61 expected range 0-59)'],
    ['*/10 * * * * *', 'must not run more often than once a minute'],
  ])('refuses %s with the reason the API gives', (expression, reason) => {
    expect(previewSchedule(expression, now)).toEqual({ kind: 'invalid', reason });
  });

  it('refuses a schedule more frequent than the shortest interval of the global settings', () => {
    expect(previewSchedule('*/5 * * * *', now, 600_000)).toEqual({
      kind: 'invalid',
      reason: 'must not run more often than every 10 minutes',
    });
    expect(previewSchedule('0,5 * * * *', now, 600_000)).toMatchObject({ kind: 'invalid' });
    expect(previewSchedule('*/10 * * * *', now, 600_000)).toMatchObject({ kind: 'valid' });
  });
});
