import type { ApiErrorBody } from '@syncline/contracts';
import { SynclineApiError } from '@syncline/sdk';
import { describe, expect, it } from 'vitest';
import { describeError, toFieldErrors } from './api-errors';

function apiError(overrides: Partial<ApiErrorBody> = {}): SynclineApiError {
  return new SynclineApiError({
    statusCode: 400,
    error: 'validation_failed',
    message: 'Validation failed',
    details: [],
    ...overrides,
  });
}

describe('toFieldErrors', () => {
  const fields = ['key', 'schedule', 'entityTypes', 'remote', 'remote.baseUrl'];

  it('puts each reason at the field the API names', () => {
    const sut = toFieldErrors(
      apiError({
        details: [
          { field: 'key', reason: 'must be lowercase letters, digits and dashes' },
          { field: 'remote.baseUrl', reason: 'must be an http(s) URL' },
        ],
      }),
      fields,
    );

    expect(sut.fields).toEqual({
      key: 'must be lowercase letters, digits and dashes',
      'remote.baseUrl': 'must be an http(s) URL',
    });
    expect(sut.unmatched).toEqual([]);
  });

  it('falls back to the nearest shown parent field', () => {
    const sut = toFieldErrors(
      apiError({
        details: [
          { field: 'entityTypes.2', reason: 'must not be empty' },
          { field: 'remote.pageSize', reason: 'must not exceed 1000' },
        ],
      }),
      fields,
    );

    expect(sut.fields).toEqual({ entityTypes: 'must not be empty', remote: 'must not exceed 1000' });
  });

  it('keeps the first reason when a field has several', () => {
    const sut = toFieldErrors(
      apiError({
        details: [
          { field: 'schedule', reason: 'is not a valid cron expression' },
          { field: 'schedule', reason: 'runs more often than every minute' },
        ],
      }),
      fields,
    );

    expect(sut.fields.schedule).toBe('is not a valid cron expression');
  });

  it('returns details the form cannot place as unmatched', () => {
    const sut = toFieldErrors(apiError({ details: [{ field: 'owner', reason: 'is unknown' }] }), fields);

    expect(sut.fields).toEqual({});
    expect(sut.unmatched).toEqual([{ field: 'owner', reason: 'is unknown' }]);
  });

  it('ignores errors that are not API errors', () => {
    expect(toFieldErrors(new Error('boom'), fields)).toEqual({ fields: {}, unmatched: [] });
  });
});

describe('describeError', () => {
  it('uses the message the API sent', () => {
    expect(describeError(apiError({ statusCode: 409, error: 'conflict', message: 'Key already in use' }))).toBe(
      'Key already in use',
    );
  });

  it('explains a missing permission when the API gave no message', () => {
    expect(describeError(apiError({ statusCode: 403, error: 'forbidden', message: '' }))).toBe(
      'You do not have permission to do that.',
    );
  });

  it('explains an unreachable API', () => {
    expect(describeError(new TypeError('Failed to fetch'))).toMatch(/Cannot reach the Syncline API/);
  });

  it('falls back to a generic sentence for unknown values', () => {
    expect(describeError(undefined)).toBe('Something went wrong.');
  });
});
