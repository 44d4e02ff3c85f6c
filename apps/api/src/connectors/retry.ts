import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectorError, type RetryPolicy } from './connector';

/** A server asking for a longer pause than this is treated as down for now rather than waited on. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * How long to wait before retry number `retry` (1 for the first): what the server asked for when it
 * said, else exponential backoff with full jitter, so clients that failed together do not retry together.
 */
export function retryDelay(
  error: ConnectorError,
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const { retryAfterMs } = error.options;
  if (retryAfterMs !== undefined) return Math.min(Math.max(retryAfterMs, 0), MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Runs `fn`, retrying it while it fails with a retryable ConnectorError, `policy.attempts` tries in all;
 * `onRetry` hears of each retry before it happens. The last error is rethrown.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (error: ConnectorError, retry: number) => void,
): Promise<T> {
  for (let retry = 1; ; retry++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof ConnectorError) || !error.retryable || retry >= policy.attempts) throw error;
      onRetry?.(error, retry);
      await sleep(retryDelay(error, retry, policy));
    }
  }
}
