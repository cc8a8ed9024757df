import {
  nowNanos,
  type EncodedMessage,
  type EventRecord,
  type StreamEncoder,
  type StreamEndType,
  type StreamProperties,
} from '@quix-connectors/message-schema';
import type { Delivery, DeliveryQueue } from '../delivery/delivery-queue.js';
import { TimeseriesBuffer, type BufferOptions } from './timeseries-buffer.js';

export interface OutputStreamOptions {
  streamId: string;
  properties: StreamProperties;
  buffer: BufferOptions;
  encoder: StreamEncoder;
  queue: DeliveryQueue;
  maxMessageBytes: number;
  onBackgroundError(error: unknown): void;
}

/**
 * A Quix stream: every message keyed by the stream id, so the stream stays in one partition and
 * in order. Its properties go first, then time series (buffered) and events, then its end.
 */
export class OutputStream {
  readonly streamId: string;
  readonly timeseries: TimeseriesBuffer;
  private closed = false;

  constructor(private readonly options: OutputStreamOptions) {
    this.streamId = options.streamId;
    this.timeseries = new TimeseriesBuffer(
      (rows) => this.enqueue(options.encoder.encodeRows(rows, options.maxMessageBytes)),
      options.buffer,
      options.onBackgroundError,
    );
  }

  /** Sends the properties (quix format; json has no such message). Called once at creation. */
  async open(): Promise<void> {
    await this.updateProperties(this.options.properties);
  }

  async updateProperties(properties: StreamProperties): Promise<void> {
    const message = this.options.encoder.encodeProperties(properties, nowNanos());
    if (message) await (await this.enqueue([message])).acked;
  }

  /** Publishes events unbuffered; resolves when Kafka has acknowledged them. */
  async publishEvents(events: readonly EventRecord[]): Promise<void> {
    if (events.length === 0) return;
    const messages = this.options.encoder.encodeEvents(events, this.options.maxMessageBytes);
    await (await this.enqueue(messages)).acked;
  }

  /** Flushes the buffer, writes the stream's end (quix format), and waits for every ack. */
  async close(endType: StreamEndType = 'Closed'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.timeseries.flush();
    const end = this.options.encoder.encodeStreamEnd(endType, nowNanos());
    if (end) await (await this.enqueue([end])).acked;
  }

  private enqueue(encoded: EncodedMessage[]): Promise<Delivery> {
    const messages = encoded.map((m) => ({ key: this.streamId, value: m.value, timestamp: m.timestampMs }));
    const items = encoded.reduce((n, m) => n + m.itemCount, 0);
    return this.options.queue.enqueue(messages, items);
  }
}
