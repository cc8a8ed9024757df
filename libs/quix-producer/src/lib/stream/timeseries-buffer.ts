import type { TimeseriesRow } from '@quix-connectors/message-schema';

export interface BufferOptions {
  /** Flush at most this long after the first row entered an empty buffer (Quix's time span). */
  timeSpanMs: number;
  /** Flush as soon as this many rows are waiting (Quix's packet size). */
  maxRows: number;
}

/** What the buffer hands its rows to: resolves when queued, `acked` when Kafka has them. */
export type RowsSender = (rows: TimeseriesRow[]) => Promise<{ acked: Promise<void> }>;

/**
 * Collects rows and flushes them by time span and by row count, so many rows share one message
 * (quix format) or one produce call (json). Adding waits only when the producer is full
 * (back-pressure); `flush()` waits until every row added so far is acknowledged.
 */
export class TimeseriesBuffer {
  private rows: TimeseriesRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly unacked = new Set<Promise<void>>();
  private sending: Promise<void> = Promise.resolve();
  private lastError: unknown;

  constructor(
    private readonly send: RowsSender,
    private readonly options: BufferOptions,
    private readonly onBackgroundError: (error: unknown) => void,
  ) {}

  get size(): number {
    return this.rows.length;
  }

  /** Buffers the rows; resolves when they are accepted (at once unless a flush must wait for room). */
  async add(rows: TimeseriesRow | readonly TimeseriesRow[]): Promise<void> {
    const added = Array.isArray(rows) ? rows : [rows as TimeseriesRow];
    if (added.length === 0) return;
    this.rows.push(...added);
    if (this.rows.length >= this.options.maxRows) {
      await this.sendBuffered();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.sendBuffered().catch(this.onBackgroundError);
      }, this.options.timeSpanMs);
    }
  }

  /** Sends what is buffered and resolves when all rows added so far are acknowledged. */
  async flush(): Promise<void> {
    await this.sendBuffered();
    await Promise.all([...this.unacked]);
    if (this.lastError !== undefined) {
      const error = this.lastError;
      this.lastError = undefined;
      throw error;
    }
  }

  /** Stops the timer; rows still buffered stay until `flush()`. */
  stopTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private sendBuffered(): Promise<void> {
    this.stopTimer();
    const rows = this.rows;
    this.rows = [];
    // Chain sends so that rows reach the queue in the order they were added.
    this.sending = this.sending.then(async () => {
      if (rows.length === 0) return;
      const { acked } = await this.send(rows);
      const tracked = acked.catch((error) => {
        this.lastError = error;
        this.onBackgroundError(error);
      });
      this.unacked.add(tracked);
      void tracked.finally(() => this.unacked.delete(tracked));
    });
    return this.sending;
  }
}
