import { describe, expect, it } from 'vitest';
import { describeNewErrors, newErrors } from './new-errors';

const errors = (...ids: string[]) => ids.map((id) => ({ id }));
const page = (ids: string[], nextCursor: string | null = null) => ({ items: errors(...ids), nextCursor });

describe('new errors', () => {
  it('finds the errors stored after every one listed, newest first', () => {
    expect(newErrors(errors('7', '5', '2'), page(['10', '9', '7', '5']))).toEqual({ ids: ['10', '9'], more: false });
  });

  it('finds none when the page read again is the one listed', () => {
    expect(newErrors(errors('7', '5'), page(['7', '5'], 'c'))).toEqual({ ids: [], more: false });
  });

  it('counts no error the list lacks for another reason: resolved since, or an older one now matching', () => {
    // 7 was resolved under the open filter; 4 was reopened, or newly matches a search.
    expect(newErrors(errors('7', '5', '2'), page(['8', '5', '4', '2']))).toEqual({ ids: ['8'], more: false });
  });

  it('compares ids as the integers they are, not as text', () => {
    expect(newErrors(errors('99', '98'), page(['101', '100', '99']))).toEqual({ ids: ['101', '100'], more: false });
    expect(newErrors(errors('1000'), page(['999']))).toEqual({ ids: [], more: false });
  });

  it('takes every error as new when the list was empty', () => {
    expect(newErrors([], page(['3', '2']))).toEqual({ ids: ['3', '2'], more: false });
  });

  it('says there may be more when the whole page is new and another follows', () => {
    expect(newErrors(errors('1'), page(['4', '3', '2'], 'next'))).toEqual({ ids: ['4', '3', '2'], more: true });
    expect(newErrors(errors('1'), page(['4', '3', '2']))).toEqual({ ids: ['4', '3', '2'], more: false });
    expect(newErrors(errors('1'), page(['4', '3', '1'], 'next'))).toEqual({ ids: ['4', '3'], more: false });
    expect(newErrors(errors('1'), page([], null))).toEqual({ ids: [], more: false });
  });

  it('says how many in words, capped at the page when there may be more', () => {
    expect(describeNewErrors({ ids: ['9'], more: false })).toBe('1 new error');
    expect(describeNewErrors({ ids: ['9', '8', '7'], more: false })).toBe('3 new errors');
    expect(describeNewErrors({ ids: Array.from({ length: 50 }, (_, index) => String(index)), more: true })).toBe(
      '50+ new errors',
    );
  });
});
