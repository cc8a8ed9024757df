import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { sleep, type Clock } from './clock.js';

export interface RetryInfo {
  error: unknown;
  /** The attempt that failed, 1-based. */
  attempt: number;
  delayMs: number;
}

export interface RetryOptions {
  policy: BackoffPolicy;
  clock: Clock;
  /** Stops retrying (the last error is thrown); retrying goes on until then when `maxAttempts` is unset. */
  signal?: AbortSignal;
  maxAttempts?: number;
  /** Default: everything except errors marked `retriable: false`. */
  isRetriable?: (error: unknown) => boolean;
  /** A wait the other side asked for (e.g. Retry-After); honoured when longer than the backoff. */
  retryAfterMs?: (error: unknown) => number | undefined;
  onRetry?: (info: RetryInfo) => void;
  random?: () => number;
}

/** Errors say whether retrying can help with `retriable`; unknown errors are taken as transient. */
export function isRetriable(error: unknown): boolean {
  return (error as { retriable?: unknown } | null)?.retriable !== false;
}

/**
 * The one retry loop: calls `attempt` until it resolves, then returns its value. Between failures
 * it waits with backoff (or longer when the error asks for it). It throws the last error once the
 * error is not retriable, the attempts are used up, or `signal` aborts.
 */
export async function retry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const retriable = options.isRetriable ?? isRetriable;
  for (let n = 1; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      const attemptsLeft = options.maxAttempts === undefined || n < options.maxAttempts;
      if (!retriable(error) || !attemptsLeft || options.signal?.aborted) throw error;
      const backoff = backoffDelay(options.policy, n, options.random);
      const delayMs = Math.max(backoff, options.retryAfterMs?.(error) ?? 0);
      options.onRetry?.({ error, attempt: n, delayMs });
      if (!(await sleep(options.clock, delayMs, options.signal))) throw error;
    }
  }
}
