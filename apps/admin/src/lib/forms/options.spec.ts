import { describe, expect, it } from 'vitest';
import { capitalizedOptions } from './options';

describe('capitalizedOptions', () => {
  it('labels each value with its capitalised self, in order', () => {
    const sut = capitalizedOptions(['viewer', 'admin'] as const);

    expect(sut).toEqual([
      { value: 'viewer', label: 'Viewer' },
      { value: 'admin', label: 'Admin' },
    ]);
  });

  it('writes snake_case values as words', () => {
    expect(capitalizedOptions(['timed_out'] as const)).toEqual([{ value: 'timed_out', label: 'Timed out' }]);
  });
});
