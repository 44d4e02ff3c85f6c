import type { ErrorItemView } from '@syncline/contracts';
import { describe, expect, it } from 'vitest';
import {
  applyErrorOutcomes,
  canRetry,
  describeErrorOutcome,
  errorFailureKind,
  errorOutcomes,
  summarizeErrorBulk,
  type ErrorOutcome,
} from './error-bulk';

function anError(overrides: Partial<ErrorItemView> = {}): ErrorItemView {
  return {
    id: '1',
    sessionId: 'ses-1',
    integrationId: 'int-1',
    integrationKey: 'dealer-stock',
    entityType: 'vehicle',
    category: 'validation',
    severity: 'warning',
    code: 'HTTP_422',
    message: 'Remote record veh-1: status must be one of available, sold',
    retryable: false,
    retryCount: 0,
    recordKey: 'veh-1',
    status: 'open',
    resolvedAt: null,
    resolvedBy: null,
    resolutionNote: null,
    engineRun: true,
    lastRetry: null,
    createdAt: '2026-11-23T10:00:00.000Z',
    ...overrides,
  };
}

describe('bulk outcomes', () => {
  it('sorts the API’s refusals into what a person needs to know', () => {
    expect(errorFailureKind(409, 'Error 3 is already resolved')).toBe('already_resolved');
    expect(errorFailureKind(409, 'Error 3 is already ignored')).toBe('already_ignored');
    expect(errorFailureKind(409, 'A sync of dealer-stock vehicle is already running (session s)')).toBe('sync_running');
    expect(errorFailureKind(409, 'The sync is still running')).toBe('sync_running');
    expect(errorFailureKind(422, 'Error 3 names no record to retry')).toBe('not_retryable');
    expect(errorFailureKind(404, 'Error 3 was not found')).toBe('not_found');
    expect(errorFailureKind(403, 'This API key is not allowed')).toBe('not_allowed');
    expect(errorFailureKind(500, 'boom')).toBe('failed');
  });

  it('answers every id asked about, with the field’s reason when the API gave one', () => {
    const sut = errorOutcomes(
      ['1', '2', '3'],
      [
        { id: '1', ok: true, sessionId: 'ses-9' },
        {
          id: '2',
          ok: false,
          error: {
            statusCode: 422,
            message: 'Error 2 names no record to retry',
            details: [{ field: 'recordKey', reason: 'is not set' }],
          },
        },
      ],
    );

    expect(sut.get('1')).toEqual({ ok: true, sessionId: 'ses-9' });
    expect(sut.get('2')).toEqual({
      ok: false,
      kind: 'not_retryable',
      message: 'Error 2 names no record to retry: is not set',
    });
    expect(sut.get('3')).toMatchObject({ ok: false, kind: 'failed' });
  });

  it('summarises an action in a few words', () => {
    const outcomes: ErrorOutcome[] = [
      { ok: true, sessionId: 'a' },
      { ok: true, sessionId: 'a' },
      { ok: true, sessionId: 'b' },
      { ok: false, kind: 'not_retryable', message: 'x' },
    ];

    expect(summarizeErrorBulk('retry', outcomes)).toBe('3 retried in 2 sessions, 1 cannot be retried');
    expect(summarizeErrorBulk('resolve', [{ ok: true }, { ok: false, kind: 'already_resolved', message: 'x' }])).toBe(
      '1 resolved, 1 already resolved',
    );
    expect(summarizeErrorBulk('ignore', [])).toBe('Nothing to do');
    expect(describeErrorOutcome('retry', { ok: true, sessionId: 'a' })).toBe('retry queued');
    expect(describeErrorOutcome('ignore', { ok: false, kind: 'failed', message: 'Boom' })).toBe('Boom');
  });
});

describe('the list after an action', () => {
  const now = new Date('2026-11-23T12:00:00.000Z');

  it('closes the errors that succeeded and leaves the rest', () => {
    const errors = [anError({ id: '1' }), anError({ id: '2' }), anError({ id: '3' })];
    const outcomes = new Map<string, ErrorOutcome>([
      ['1', { ok: true }],
      ['2', { ok: false, kind: 'already_resolved', message: 'x' }],
    ]);

    const sut = applyErrorOutcomes(errors, 'resolve', outcomes, now);

    expect(sut.map((error) => [error.id, error.status, error.resolvedAt])).toEqual([
      ['1', 'resolved', now.toISOString()],
      ['2', 'open', null],
      ['3', 'open', null],
    ]);
  });

  it('shows a retried error’s new retry, queued', () => {
    const sut = applyErrorOutcomes(
      [anError({ retryCount: 2 })],
      'retry',
      new Map([['1', { ok: true, sessionId: 's' }]]),
    );

    expect(sut[0]).toMatchObject({ status: 'open', retryCount: 3, lastRetry: { sessionId: 's', status: 'queued' } });
  });

  it('offers a retry only for a record of a sync Syncline ran', () => {
    expect(canRetry(anError())).toBe(true);
    expect(canRetry(anError({ recordKey: null }))).toBe(false);
    expect(canRetry(anError({ engineRun: false }))).toBe(false);
  });
});
