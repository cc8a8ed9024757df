import type { Tally } from '../id-tally.js';

/** A stretch of missing samples: where it starts (ms since the epoch) and how many are missing. */
export interface Gap {
  afterMs: number;
  missing: number;
}

export interface SampleTally extends Tally {
  gaps: Gap[];
  /** Samples the app said it skipped (sampling overran the interval): missing, but not lost. */
  reportedSkipped: number;
}

/**
 * cpu-publisher has no count of the samples it took, so they are derived: it samples at a fixed
 * rate (start + n x interval), so every sample due between the first row and the end of the run
 * (`endMs`: when it was told to stop, less one interval for the sample then in progress) should
 * be in the topic. A step between two rows of k intervals (rounded) means k - 1 samples missing;
 * so does the stretch after the last row. Missing samples the app reported as skipped are not
 * lost; the rest are.
 */
export function tallySamples(timestampsNs: readonly bigint[], intervalMs: number, endMs: number, reportedSkipped: number): SampleTally {
  const interval = BigInt(Math.round(intervalMs * 1e6));
  const distinct = [...new Set(timestampsNs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const gaps: Gap[] = [];
  const steps = (from: bigint, to: bigint) => Number(((to - from) * 2n + interval) / (2n * interval)); // rounded
  for (let i = 1; i < distinct.length; i += 1) {
    const missing = steps(distinct[i - 1], distinct[i]) - 1;
    if (missing > 0) gaps.push({ afterMs: Number(distinct[i - 1] / 1_000_000n), missing });
  }
  const last = distinct[distinct.length - 1];
  if (last !== undefined) {
    const end = BigInt(Math.round((endMs - intervalMs) * 1e6));
    const missing = end > last ? Number((end - last) / interval) : 0;
    if (missing > 0) gaps.push({ afterMs: Number(last / 1_000_000n), missing });
  }
  const missing = gaps.reduce((sum, gap) => sum + gap.missing, 0);
  const lost = Math.max(0, missing - reportedSkipped);
  return {
    accepted: distinct.length + missing - Math.min(missing, reportedSkipped),
    inTopic: timestampsNs.length,
    lost,
    duplicated: timestampsNs.length - distinct.length,
    unaccepted: 0,
    // Which gaps are the skipped samples cannot be told apart: when some are lost, all gaps are named.
    lostSample: lost === 0 ? [] : gaps.slice(0, 5).map((gap) => `${gap.missing} after ${new Date(gap.afterMs).toISOString()}`),
    gaps,
    reportedSkipped,
  };
}
