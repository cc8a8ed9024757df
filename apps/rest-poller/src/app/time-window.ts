import type { TimeWindow } from './endpoint-config.js';

/** One poll's time window, ms since the epoch: records from `since` (inclusive) to `until` (exclusive). */
export interface WindowSpan {
  since: number;
  until: number;
}

/**
 * The window of a new poll at `nowMs`: it starts where the last completed one ended (`lastEnd`,
 * from the state topic), so windows neither gap nor overlap across polls and restarts; the first
 * one starts at `start`, or `lookbackS` before now. A clock that went back gives an empty window.
 */
export function nextWindow(w: Pick<TimeWindow, 'start' | 'lookbackS'>, lastEnd: number | undefined, nowMs: number): WindowSpan {
  const since = lastEnd ?? (w.start !== undefined ? Date.parse(w.start) : nowMs - w.lookbackS * 1000);
  return { since, until: Math.max(since, nowMs) };
}

/** An instant as the API wants it: ISO 8601 text, or whole unix seconds or ms (numbers). */
export function formatInstant(ms: number, format: TimeWindow['format']): string | number {
  switch (format) {
    case 'iso8601':
      return new Date(ms).toISOString();
    case 'unix-s':
      return Math.floor(ms / 1000);
    case 'unix-ms':
      return Math.floor(ms);
  }
}

/** The window's bounds as the API wants them. */
export function windowValues(w: Pick<TimeWindow, 'format'>, span: WindowSpan): { since: string | number; until: string | number } {
  return { since: formatInstant(span.since, w.format), until: formatInstant(span.until, w.format) };
}
