import type { DeliveryHealth } from '@quix-connectors/quix-producer';

/** Why a source itself cannot take input now (e.g. the X account's monthly cap is used up). */
export interface SourceReadiness {
  /** Not ready for `reason` while `active`; ready again once every reason is cleared. */
  set(reason: string, active: boolean): void;
}

/**
 * The connector's readiness, as /readyz and /metrics tell it: the output's health (connected,
 * deliveries succeeding, room in the queue), the source's own reasons, and shutting down.
 */
export class Readiness implements SourceReadiness {
  private readonly sourceReasons = new Set<string>();
  private stopping = false;

  constructor(private readonly output: () => DeliveryHealth) {}

  set(reason: string, active: boolean): void {
    if (active) this.sourceReasons.add(reason);
    else this.sourceReasons.delete(reason);
  }

  shuttingDown(): void {
    this.stopping = true;
  }

  now(): DeliveryHealth {
    const output = this.output();
    const reasons = [...output.reasons, ...this.sourceReasons, ...(this.stopping ? ['shutting-down'] : [])];
    return { ready: reasons.length === 0, reasons };
  }
}
