/** How waits grow between attempts: from `initialMs`, times `multiplier` each time, up to `maxMs`. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** Default 2. */
  multiplier?: number;
  /**
   * The fraction of each wait that is random, 0 to 1 (default 0.2): the wait is drawn from
   * [base * (1 - jitter), base]. 1 is "full jitter", which spreads many clients best; 0 is exact.
   */
  jitter?: number;
}

/** The wait before retry number `attempt` (1 for the first retry). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const growth = (policy.multiplier ?? 2) ** Math.min(Math.max(0, attempt - 1), 60);
  const base = Math.min(policy.maxMs, policy.initialMs * growth);
  const jitter = Math.min(1, Math.max(0, policy.jitter ?? 0.2));
  return Math.round(base * (1 - jitter * random()));
}
