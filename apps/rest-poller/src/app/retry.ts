import { sleep, type Clock } from '@quix-connectors/timing';

export interface RetryPolicy {
  maxRetries: number;
  initialMs: number;
  maxMs: number;
  /** 0..1, defaults to Math.random; tests pass a fixed one. */
  random?: () => number;
}

/** Statuses worth another try: server errors and rate limiting. */
export function isRetriableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Full-jitter exponential backoff: a random wait in [0, min(max, initial * 2^attempt)]. */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
  const cap = Math.min(policy.maxMs, policy.initialMs * 2 ** attempt);
  return Math.round((policy.random ?? Math.random)() * cap);
}

/**
 * Retry-After as seconds or an HTTP-date, in ms from `nowMs`; undefined when absent or unreadable.
 * A date in the past means 0.
 */
export function retryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export type Attempt<T> =
  | { done: true; value: T }
  | { done: false; error: unknown; retryAfterMs?: number };

/**
 * Calls `attempt` until it is done or retries run out. Waits with backoff and jitter between
 * tries, or as long as the server's Retry-After says when that is longer. Resolves with the last
 * outcome; `signal` cuts a wait short (on shutdown).
 */
export async function withRetry<T>(
  attempt: (n: number) => Promise<Attempt<T>>,
  policy: RetryPolicy,
  clock: Clock,
  onRetry: (outcome: Extract<Attempt<T>, { done: false }>, waitMs: number, n: number) => void,
  signal?: AbortSignal,
): Promise<Attempt<T>> {
  for (let n = 0; ; n += 1) {
    const outcome = await attempt(n);
    if (outcome.done || n >= policy.maxRetries || signal?.aborted) return outcome;
    const wait = Math.max(backoffMs(n, policy), outcome.retryAfterMs ?? 0);
    onRetry(outcome, wait, n);
    if (!(await sleep(clock, wait, signal))) return outcome;
  }
}
