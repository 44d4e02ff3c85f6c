import fc from 'fast-check';
import { ConnectorError, type RetryPolicy } from './connector';
import { MAX_RETRY_AFTER_MS, retryDelay, withRetry } from './retry';

const quick: RetryPolicy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const flaky = (message = 'reset') => new ConnectorError(message, 'network', { retryable: true });

/** A function failing with `errors` in turn, then answering `ok`. */
function failingWith(...errors: Error[]) {
  return jest.fn(async () => {
    const error = errors.shift();
    if (error) throw error;
    return 'ok';
  });
}

describe('withRetry', () => {
  it('answers at once when the first try succeeds', async () => {
    const sut = failingWith();
    const onRetry = jest.fn();

    await expect(withRetry(sut, quick, onRetry)).resolves.toBe('ok');

    expect(sut).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('retries retryable errors and reports each retry with its number before it happens', async () => {
    const first = flaky('first');
    const second = flaky('second');
    const sut = failingWith(first, second);
    const onRetry = jest.fn();

    await expect(withRetry(sut, quick, onRetry)).resolves.toBe('ok');

    expect(sut).toHaveBeenCalledTimes(3);
    expect(onRetry.mock.calls).toEqual([
      [first, 1],
      [second, 2],
    ]);
  });

  it('rethrows the last error once the attempts are used up', async () => {
    const sut = failingWith(flaky('first'), flaky('second'), flaky('third'), flaky('fourth'));

    await expect(withRetry(sut, quick)).rejects.toThrow('third');

    expect(sut).toHaveBeenCalledTimes(3);
  });

  it('does not retry an error a retry cannot help', async () => {
    const refused = new ConnectorError('bad token', 'auth', { status: 401 });
    const bug = new TypeError('not a connector error');

    await expect(withRetry(failingWith(refused), quick)).rejects.toBe(refused);
    await expect(withRetry(failingWith(bug), quick)).rejects.toBe(bug);
  });

  it('waits as long as Retry-After asks instead of backing off', async () => {
    const limited = new ConnectorError('slow down', 'rate_limit', { retryable: true, retryAfterMs: 150 });
    const started = performance.now();

    await withRetry(failingWith(limited), { attempts: 2, baseDelayMs: 0, maxDelayMs: 0 });

    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('never calls more often than the policy allows, and exactly that often while failing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 8 }), async (attempts, failures) => {
        const sut = failingWith(...Array.from({ length: failures }, () => flaky()));
        const outcome = await withRetry(sut, { attempts, baseDelayMs: 0, maxDelayMs: 0 }).catch(() => 'failed');

        expect(sut).toHaveBeenCalledTimes(Math.min(attempts, failures + 1));
        expect(outcome).toBe(failures < attempts ? 'ok' : 'failed');
      }),
    );
  });
});

describe('retryDelay', () => {
  it('stays within the doubled base delay and the cap, whatever the jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 120_000 }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (baseDelayMs, maxDelayMs, retry, jitter) => {
          const delay = retryDelay(flaky(), retry, { attempts: 50, baseDelayMs, maxDelayMs }, () => jitter);

          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1)));
        },
      ),
    );
  });

  it('doubles the ceiling with each retry', () => {
    const almostOne = () => 0.999_999;
    const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

    expect([1, 2, 3, 4, 5].map((retry) => retryDelay(flaky(), retry, policy, almostOne))).toEqual([
      99, 199, 399, 799, 999,
    ]);
  });

  it('uses Retry-After, capped at a minute', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (retryAfterMs) => {
        const error = new ConnectorError('busy', 'remote_server', { retryable: true, retryAfterMs });

        expect(retryDelay(error, 1, quick)).toBe(Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
      }),
    );
  });
});
