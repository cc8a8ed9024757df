import type { TimeseriesRow } from '@quix-connectors/message-schema';
import { systemClock, type Clock, type Timer } from '@quix-connectors/timing';

export interface BufferOptions {
  /** Flush at most this long after the first row entered an empty buffer (Quix's time span). */
  timeSpanMs: number;
  /** Flush as soon as this many rows are waiting (Quix's packet size). */
  maxRows: number;
}

/**
 * What the buffer hands its rows to: resolves when queued, `acked` when Kafka has them (rows it
 * refused are the sender's to report; `acked` rejects only when delivery itself ended: shutdown,
 * or a fatal error).
 */
export type RowsSender = (rows: TimeseriesRow[]) => Promise<{ acked: Promise<void> }>;

/**
 * Collects rows and flushes them by time span and by row count, so many rows share one message
 * (quix format) or one produce call (json). Adding waits only when the producer is full
 * (back-pressure); `flush()` waits until every row added so far is acknowledged.
 */
export class TimeseriesBuffer {
  private rows: TimeseriesRow[] = [];
  private timer: Timer | undefined;
  private readonly unacked = new Set<Promise<void>>();
  private sending: Promise<void> = Promise.resolve();
  private lastError: unknown;
  private outstanding = 0;

  constructor(
    private readonly send: RowsSender,
    private readonly options: BufferOptions,
    private readonly onBackgroundError: (error: unknown) => void,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Rows waiting in the buffer. */
  get size(): number {
    return this.rows.length;
  }

  /** Rows added and not yet acknowledged (buffered, queued or in flight). */
  get unackedRows(): number {
    return this.outstanding;
  }

  /** Buffers the rows; resolves when they are accepted (at once unless a flush must wait for room). */
  async add(rows: TimeseriesRow | readonly TimeseriesRow[]): Promise<void> {
    const added = Array.isArray(rows) ? rows : [rows as TimeseriesRow];
    if (added.length === 0) return;
    for (const row of added) this.rows.push(row);
    this.outstanding += added.length;
    if (this.rows.length >= this.options.maxRows) {
      await this.sendBuffered();
    } else if (this.timer === undefined) {
      this.timer = this.clock.timer(this.options.timeSpanMs, () => {
        this.timer = undefined;
        this.sendBuffered().catch(this.onBackgroundError);
      });
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
    this.timer?.cancel();
    this.timer = undefined;
  }

  private sendBuffered(): Promise<void> {
    this.stopTimer();
    const rows = this.rows;
    this.rows = [];
    // Chain sends so that rows reach the queue in the order they were added.
    this.sending = this.sending.then(async () => {
      if (rows.length === 0) return;
      let acked: Promise<void>;
      try {
        ({ acked } = await this.send(rows));
      } catch (error) {
        this.outstanding -= rows.length;
        throw error;
      }
      const tracked = acked
        .catch((error) => {
          this.lastError = error;
          this.onBackgroundError(error);
        })
        .finally(() => {
          this.outstanding -= rows.length;
          this.unacked.delete(tracked);
        });
      this.unacked.add(tracked);
    });
    return this.sending;
  }
}
