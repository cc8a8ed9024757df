import type { Clock } from './clock.js';

export interface ThrottleVerdict {
  /** Report now. */
  report: boolean;
  /** Occurrences of this cause held back since it was last reported. */
  suppressed: number;
}

/** Causes remembered at most; the oldest is forgotten first (a forgotten cause reports again). */
const MAX_CAUSES = 1000;

/**
 * Says, per cause, whether an occurrence should be reported: the first one at once, then at most
 * one per `intervalMs`, carrying how many were held back. A broker that is down for minutes then
 * writes a handful of log lines, not one per message or per retry.
 */
export class ReportThrottle {
  private readonly causes = new Map<string, { lastAt: number; suppressed: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  take(cause: string): ThrottleVerdict {
    const now = this.clock.now();
    const known = this.causes.get(cause);
    if (known !== undefined && now - known.lastAt < this.intervalMs) {
      known.suppressed += 1;
      return { report: false, suppressed: known.suppressed };
    }
    const suppressed = known?.suppressed ?? 0;
    this.causes.delete(cause);
    this.causes.set(cause, { lastAt: now, suppressed: 0 });
    if (this.causes.size > MAX_CAUSES) this.causes.delete(this.causes.keys().next().value as string);
    return { report: true, suppressed };
  }

  /** Forgets a cause (it was cured): its next occurrence is reported at once. */
  clear(cause: string): void {
    this.causes.delete(cause);
  }
}
