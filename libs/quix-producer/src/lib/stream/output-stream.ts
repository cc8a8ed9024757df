import {
  nowNanos,
  type EncodedMessage,
  type EventRecord,
  type StreamEncoder,
  type StreamEndType,
  type StreamProperties,
  type TimeseriesRow,
} from '@quix-connectors/message-schema';
import type { Clock } from '@quix-connectors/timing';
import type { Delivery, DeliveryQueue } from '../delivery/delivery-queue.js';
import { RecordRefusedError } from '../errors.js';
import type { OutgoingMessage } from '../sink/sink.js';
import { encodeEventsIsolating, encodeRowsIsolating, type IsolatedEncoding } from './encode-isolating.js';
import type { RefusalHandler } from './refusal.js';
import { TimeseriesBuffer, type BufferOptions } from './timeseries-buffer.js';

export interface OutputStreamOptions {
  streamId: string;
  topic: string;
  properties: StreamProperties;
  buffer: BufferOptions;
  encoder: StreamEncoder;
  queue: DeliveryQueue;
  maxMessageBytes: number;
  /** The source sends again what is not acknowledged (webhooks answered 503, records re-polled). */
  replayable: boolean;
  /** Where rows and events that can never be delivered go (the source's bad-record policy). */
  onRefused: RefusalHandler;
  onBackgroundError(error: unknown): void;
  clock: Clock;
}

/** How `publishEvents` reports events that can never be delivered. */
export interface PublishEventsOptions {
  /** `policy` (default): to the stream's refusal handler; `reject`: the promise rejects with RecordRefusedError. */
  refusals?: 'policy' | 'reject';
}

/**
 * A Quix stream: every message keyed by the stream id, so the stream stays in one partition and
 * in order. Its properties go first, then time series (buffered) and events, then its end.
 * Refused rows and events go to the refusal handler; everything else is delivered or, at
 * shutdown, reported as not delivered.
 */
export class OutputStream {
  readonly streamId: string;
  readonly topic: string;
  readonly timeseries: TimeseriesBuffer;
  private closed = false;

  constructor(private readonly options: OutputStreamOptions) {
    this.streamId = options.streamId;
    this.topic = options.topic;
    this.timeseries = new TimeseriesBuffer((rows) => this.sendRows(rows), options.buffer, options.onBackgroundError, options.clock);
  }

  /** Sends the properties (quix format; json has no such message). Called once at creation. */
  async open(): Promise<void> {
    await this.updateProperties(this.options.properties);
  }

  async updateProperties(properties: StreamProperties): Promise<void> {
    const message = this.options.encoder.encodeProperties(properties, nowNanos());
    if (message) await (await this.enqueue([message])).acked;
  }

  /** Publishes events unbuffered; resolves when Kafka has acknowledged them (refused ones as `options` say). */
  async publishEvents(events: readonly EventRecord[], options: PublishEventsOptions = {}): Promise<void> {
    if (events.length === 0) return;
    const encoded = this.encodeEvents(events, options);
    if (encoded.messages.length === 0) return;
    const delivery = await this.enqueue(encoded.messages);
    await this.settleEvents(delivery.acked, encoded, options);
  }

  /**
   * Queues events only if there is room now, for sources that answer a caller: undefined when
   * the producer is full (answer "retry later" at once). Refused events reject `acked`.
   */
  tryPublishEvents(events: readonly EventRecord[]): Delivery | undefined {
    const encoded = this.encodeEvents(events, { refusals: 'reject' });
    const delivery = this.options.queue.tryEnqueue(this.topic, this.streamId, this.outgoing(encoded.messages), this.enqueueOptions(encoded.messages));
    if (!delivery) return undefined;
    return { acked: this.settleEvents(delivery.acked, encoded, { refusals: 'reject' }), cancel: () => delivery.cancel() };
  }

  /**
   * Queues rows unbuffered only if there is room now, for sources that answer a caller (the web
   * gateway): undefined when the producer is full. Rows that can never be delivered (too large
   * for a message, or refused by the broker) reject `acked` with RecordRefusedError.
   */
  tryPublishRows(rows: readonly TimeseriesRow[]): Delivery | undefined {
    const encoded = encodeRowsIsolating(this.options.encoder, [...rows], this.options.maxMessageBytes);
    const [first] = encoded.refused;
    if (first) throw new RecordRefusedError(first.error.message, first.error.code, [], { cause: first.error });
    if (encoded.messages.length === 0) return { acked: Promise.resolve(), cancel: () => true };
    return this.options.queue.tryEnqueue(this.topic, this.streamId, this.outgoing(encoded.messages), this.enqueueOptions(encoded.messages));
  }

  /** Flushes the buffer, writes the stream's end (quix format), and waits for every ack. */
  async close(endType: StreamEndType = 'Closed'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.timeseries.flush();
    const end = this.options.encoder.encodeStreamEnd(endType, nowNanos());
    if (end) await (await this.enqueue([end])).acked;
  }

  private async sendRows(rows: TimeseriesRow[]): Promise<{ acked: Promise<void> }> {
    const encoded = encodeRowsIsolating(this.options.encoder, rows, this.options.maxMessageBytes);
    for (const { item, error } of encoded.refused) this.refuse({ rows: [item] }, error.code, error.message);
    if (encoded.messages.length === 0) return { acked: Promise.resolve() };
    const delivery = await this.enqueue(encoded.messages);
    const acked = delivery.acked.catch((error: unknown) => {
      if (!(error instanceof RecordRefusedError)) throw error;
      const refusedRows = error.messageIndexes.flatMap((i) => encoded.itemsOf[i]);
      this.refuse({ rows: refusedRows }, error.reason, error.message);
    });
    return { acked };
  }

  private encodeEvents(events: readonly EventRecord[], options: PublishEventsOptions): IsolatedEncoding<EventRecord> {
    const encoded = encodeEventsIsolating(this.options.encoder, events, this.options.maxMessageBytes);
    if (encoded.refused.length === 0) return encoded;
    const [first] = encoded.refused;
    if (options.refusals === 'reject') throw new RecordRefusedError(first.error.message, first.error.code, [], { cause: first.error });
    for (const { item, error } of encoded.refused) this.refuse({ events: [item] }, error.code, error.message);
    return encoded;
  }

  private async settleEvents(acked: Promise<void>, encoded: IsolatedEncoding<EventRecord>, options: PublishEventsOptions): Promise<void> {
    try {
      await acked;
    } catch (error) {
      if (!(error instanceof RecordRefusedError) || options.refusals === 'reject') throw error;
      this.refuse({ events: error.messageIndexes.flatMap((i) => encoded.itemsOf[i]) }, error.reason, error.message);
    }
  }

  private refuse(items: { rows?: TimeseriesRow[]; events?: EventRecord[] }, reason: string, message: string): void {
    try {
      this.options.onRefused({ streamId: this.streamId, topic: this.topic, ...items, reason, message });
    } catch (error) {
      this.options.onBackgroundError(error);
    }
  }

  private enqueue(encoded: EncodedMessage[]): Promise<Delivery> {
    return this.options.queue.enqueue(this.topic, this.streamId, this.outgoing(encoded), this.enqueueOptions(encoded));
  }

  private outgoing(encoded: readonly EncodedMessage[]): OutgoingMessage[] {
    return encoded.map((m) => ({ key: this.streamId, value: m.value, timestamp: m.timestampMs }));
  }

  private enqueueOptions(encoded: readonly EncodedMessage[]) {
    return { items: encoded.map((m) => m.itemCount), replayable: this.options.replayable };
  }
}
