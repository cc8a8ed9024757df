import type { HttpResponse } from './http-request.js';

/** Statuses worth another try: server errors and rate limiting. */
export function isRetriableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Longest Retry-After honoured: beyond it (a server asking for days) the backoff's own cap applies. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Retry-After as seconds or an HTTP-date, in ms from `nowMs`; undefined when absent or unreadable.
 * A date in the past means 0; a wait over an hour is held to an hour.
 */
export function retryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // An HTTP-date names its day and month; Date.parse would also take "-5" as a year.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.min(Math.max(0, date - nowMs), MAX_RETRY_AFTER_MS);
}

/**
 * `failure` carrying the wait its response's Retry-After asks for, read by the retry loop. Only 429
 * and 503 are honoured: RFC 9110 gives Retry-After that meaning for them (and for redirects).
 */
export function withRetryAfter<E extends Error>(failure: E, response: Pick<HttpResponse, 'status' | 'headers'>, nowMs: number): E & { retryAfterMs: number | undefined } {
  const honoured = response.status === 429 || response.status === 503;
  return Object.assign(failure, { retryAfterMs: honoured ? retryAfterMs(response.headers['retry-after'], nowMs) : undefined });
}
