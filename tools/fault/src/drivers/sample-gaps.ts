import type { Tally } from '../id-tally.js';

/** A stretch with no rows: where it starts (ms since the epoch) and about how many samples it spans. */
export interface Gap {
  afterMs: number;
  missing: number;
}

export interface SampleTally extends Tally {
  /** Samples due from the first row to the stop (less one interval). */
  due: number;
  /** Samples the app said it skipped (a sample overran the interval): due, never taken, not lost. */
  reportedSkipped: number;
  /** Where rows are missing, for the notes (jitter of under half an interval is not a gap). */
  gaps: Gap[];
}

/**
 * cpu-publisher has no count of the samples it took, so it is derived. Its schedule fires at
 * start + n x interval and stamps each row when its sample starts, which is late by however long
 * the event loop was busy (on a loaded machine, more than an interval); a deadline that passes
 * while a sample is still running is skipped and counted (the app logs the count at stop). So
 * every deadline from the first row to the stop (`endMs`, less one interval for the sample then
 * under way) gave a row or was skipped: lost = due - skipped - distinct rows (never below 0; it
 * can undercount by one, at the first row, never overcount). Accepted = the distinct rows plus
 * the lost ones.
 */
export function tallySamples(timestampsNs: readonly bigint[], intervalMs: number, endMs: number, reportedSkipped: number): SampleTally {
  const distinct = [...new Set(timestampsNs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const first = distinct[0];
  const due = first === undefined ? 0 : Math.max(0, Math.floor((endMs - intervalMs - Number(first / 1_000_000n)) / intervalMs) + 1);
  const lost = Math.max(0, due - reportedSkipped - distinct.length);
  const interval = BigInt(Math.round(intervalMs * 1e6));
  const gaps: Gap[] = [];
  for (let i = 1; i < distinct.length; i += 1) {
    const step = distinct[i] - distinct[i - 1];
    if (step * 2n > interval * 3n) gaps.push({ afterMs: Number(distinct[i - 1] / 1_000_000n), missing: Number((step + interval / 2n) / interval) - 1 });
  }
  return {
    accepted: distinct.length + lost,
    inTopic: timestampsNs.length,
    lost,
    duplicated: timestampsNs.length - distinct.length,
    unaccepted: 0,
    // Which gaps hold the lost samples and which the skipped ones cannot be told apart.
    lostSample: lost === 0 ? [] : [...gaps].sort((a, b) => b.missing - a.missing).slice(0, 3).map((gap) => `a gap of ~${gap.missing} after ${new Date(gap.afterMs).toISOString()}`),
    due,
    reportedSkipped,
    gaps,
  };
}
