import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './rate-limit';

describe('TokenBuckets', () => {
  it('allows a burst, then refills at the rate, keeping each key apart', () => {
    let now = 0;
    const sut = new TokenBuckets(2, 3, () => now);

    const burst = [1, 2, 3, 4].map(() => sut.take('a').allowed);
    const other = sut.take('b').allowed;
    now = 400; // 0.8 of a token
    const tooSoon = sut.take('a');
    now = 500;
    const refilled = sut.take('a').allowed;

    expect(burst).toEqual([true, true, true, false]);
    expect(other).toBe(true);
    expect(tooSoon).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(refilled).toBe(true);
  });

  it('rounds Retry-After up to whole seconds', () => {
    const sut = new TokenBuckets(0.25, 1, () => 0);
    sut.take('a');

    expect(sut.take('a')).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });
});
