import type { CaseResult } from './case-result.js';

/** The targets (issue 16, "Proof"), as the report prints them beside the figures. */
export const TARGETS = {
  lost: 0,
  duplicated: 0,
  /** /readyz answers 503 within this long of the broker's kill ... */
  notReadyWithinMs: 5_000,
  /** ... and 200 within this long of the broker answering again. */
  readyWithinMs: 5_000,
  /** Slack on SHUTDOWN_TIMEOUT_MS for the process to end once it has decided to. */
  exitSlackMs: 1_000,
};

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The targets a case missed, each in a few words (empty: all met). Exit: after recovery, 0 within
 * SHUTDOWN_TIMEOUT_MS (a job: 0, by itself); with the broker down, within SHUTDOWN_TIMEOUT_MS,
 * and 1 exactly when something accepted was not delivered. No bound on RSS is documented yet, so
 * RSS is reported, not judged.
 */
export function missedTargets(result: CaseResult, shutdownTimeoutMs: number): string[] {
  if (result.error !== undefined) return [`did not run to the end: ${result.error.split('\n')[0]}`];
  const misses: string[] = [];
  const { tally, probe, exit } = result;
  if (tally !== undefined) {
    if (tally.lost > TARGETS.lost) misses.push(`lost ${tally.lost}`);
    if (tally.duplicated > TARGETS.duplicated) misses.push(`duplicated ${tally.duplicated}`);
    if ((tally.refusedButPublished ?? 0) > 0) misses.push(`${tally.refusedButPublished} answered 503 were published`);
  }
  if (!result.job && probe !== undefined) {
    const window = result.kind === 'outage' ? result.outageMs : (result.termAfterMs ?? 0);
    if (probe.killToNotReadyMs === undefined) {
      if (window >= TARGETS.notReadyWithinMs) misses.push('/readyz 200 all through the outage');
    } else if (probe.killToNotReadyMs > TARGETS.notReadyWithinMs) misses.push(`/readyz 503 only ${s(probe.killToNotReadyMs)} after the kill`);
    if (result.kind === 'outage') {
      if (probe.upToReadyMs === undefined) misses.push('no /readyz 200 after the broker came back');
      else if (probe.upToReadyMs > TARGETS.readyWithinMs) misses.push(`/readyz 200 only ${s(probe.upToReadyMs)} after the broker came back`);
    }
  }
  if (exit !== undefined) {
    const slow = exit.durationMs !== undefined && exit.durationMs > shutdownTimeoutMs + TARGETS.exitSlackMs;
    if (exit.by === 'killed') misses.push(`did not exit within ${s(shutdownTimeoutMs + 30_000)} of SIGTERM`);
    else if (slow) misses.push(`exit took ${s(exit.durationMs ?? 0)} (SHUTDOWN_TIMEOUT_MS ${s(shutdownTimeoutMs)})`);
    if (result.kind === 'outage') {
      if (exit.by === 'itself' && !result.job) misses.push(`ended by itself with code ${exit.code} before the SIGTERM`);
      else if (exit.code !== 0) misses.push(`exit code ${exit.code}`);
    } else if (tally !== undefined && exit.by !== 'killed' && (exit.code === 0) !== (tally.lost === 0)) {
      misses.push(tally.lost === 0 ? `exit code ${exit.code} although nothing accepted was lost` : `exit code 0 although ${tally.lost} accepted were lost`);
    }
  }
  return misses;
}
