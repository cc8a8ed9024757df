import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { deliveredChannel, type DeliveredEvent } from '@quix-connectors/quix-producer';
import type { Clock, Timer } from '@quix-connectors/timing';
import type { Logger } from './logger.js';

export interface Totals {
  items: number;
  messages: number;
  bytes: number;
  /** When Kafka last acknowledged something, ms since the epoch. */
  lastAckAt: number | undefined;
}

/**
 * Keeps totals of what Kafka acknowledged and, every `intervalMs`, logs one line at info saying
 * what was published since the last line, so a running connector shows it is working (and a
 * stuck one shows it is not). Quiet while nothing happens and nothing is waiting.
 */
export class ActivitySummary {
  readonly totals: Totals = { items: 0, messages: 0, bytes: 0, lastAckAt: undefined };
  private reported: Totals = { ...this.totals };
  private timer: Timer | undefined;
  private readonly listener = (event: unknown) => {
    const e = event as DeliveredEvent;
    this.totals.items += e.items;
    this.totals.messages += e.messages;
    this.totals.bytes += e.bytes;
    this.totals.lastAckAt = this.clock.now();
  };

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly pending: () => number,
  ) {
    subscribe(deliveredChannel.name as string, this.listener);
  }

  start(intervalMs: number): void {
    if (intervalMs <= 0) return;
    const tick = () => {
      this.report();
      this.timer = this.clock.timer(intervalMs, tick, { unref: true });
    };
    this.timer = this.clock.timer(intervalMs, tick, { unref: true });
  }

  stop(): void {
    this.timer?.cancel();
    unsubscribe(deliveredChannel.name as string, this.listener);
  }

  private report(): void {
    const t = this.totals;
    const items = t.items - this.reported.items;
    const pendingBytes = this.pending();
    if (items === 0 && t.messages === this.reported.messages && pendingBytes === 0) return;
    const lastAckSecondsAgo = t.lastAckAt === undefined ? null : Math.round((this.clock.now() - t.lastAckAt) / 100) / 10;
    this.logger.info(
      { items, messages: t.messages - this.reported.messages, bytes: t.bytes - this.reported.bytes, totalItems: t.items, pendingBytes, lastAckSecondsAgo },
      `published ${items} rows/events in ${t.messages - this.reported.messages} messages since the last summary`,
    );
    this.reported = { ...t };
  }
}
