import type { ValidationError } from '@nestjs/common';
import { createValidationPipe, toErrorDetails } from './validation';

class Body {}

describe('toErrorDetails', () => {
  it('gives nested fields dotted paths and keeps every reason', () => {
    const errors: ValidationError[] = [
      { property: 'key', constraints: { matches: 'must be a slug' }, children: [] },
      {
        property: 'remote',
        children: [
          { property: 'baseUrl', constraints: { isUrl: 'must be a URL', isNotEmpty: 'is empty' }, children: [] },
        ],
      },
    ];

    expect(toErrorDetails(errors)).toEqual([
      { field: 'key', reason: 'must be a slug' },
      { field: 'remote.baseUrl', reason: 'must be a URL' },
      { field: 'remote.baseUrl', reason: 'is empty' },
    ]);
  });
});

describe('the validation pipe', () => {
  it('turns a single failure into a message naming the field', async () => {
    const sut = createValidationPipe();

    await expect(sut.transform({ unexpected: 1 }, { type: 'body', metatype: Body })).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'unexpected: property unexpected should not exist',
      details: [{ field: 'unexpected', reason: 'property unexpected should not exist' }],
    });
  });
});
