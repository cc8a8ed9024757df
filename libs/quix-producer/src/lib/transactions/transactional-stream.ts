import {
  nowNanos,
  type EventRecord,
  type StreamEncoder,
  type StreamEndType,
  type StreamProperties,
  type TimeseriesRow,
} from '@quix-connectors/message-schema';
import type { OutgoingMessage } from '../sink/sink.js';
import { encodeEventsIsolating, encodeRowsIsolating } from '../stream/encode-isolating.js';
import type { RefusalHandler } from '../stream/refusal.js';

export interface TransactionalStreamOptions {
  streamId: string;
  topic: string;
  properties: StreamProperties;
  encoder: StreamEncoder;
  maxMessageBytes: number;
  onRefused: RefusalHandler;
}

/** Messages of one stream, with the rows or events they hold. */
export interface StreamMessages {
  topic: string;
  messages: OutgoingMessage[];
  /** Rows or events inside. */
  items: number;
}

/**
 * A Quix stream written inside transactions: it turns rows and events into its keyed messages
 * (refused ones go to the refusal handler), and its properties come with the first messages it
 * writes, its end with `end()`, so the quix format gets StreamProperties and StreamEnd like
 * every other stream. The caller commits the messages with the state they account for.
 */
export class TransactionalStream {
  readonly streamId: string;
  readonly topic: string;
  private opened = false;
  private endWritten = false;

  constructor(private readonly options: TransactionalStreamOptions) {
    this.streamId = options.streamId;
    this.topic = options.topic;
  }

  rows(rows: readonly TimeseriesRow[]): StreamMessages {
    const encoded = encodeRowsIsolating(this.options.encoder, rows, this.options.maxMessageBytes);
    for (const { item, error } of encoded.refused) this.refuse({ rows: [item] }, error.code, error.message);
    return this.withOpening(encoded.messages.map((m) => this.outgoing(m.value, m.timestampMs)), rows.length - encoded.refused.length);
  }

  events(events: readonly EventRecord[]): StreamMessages {
    const encoded = encodeEventsIsolating(this.options.encoder, events, this.options.maxMessageBytes);
    for (const { item, error } of encoded.refused) this.refuse({ events: [item] }, error.code, error.message);
    return this.withOpening(encoded.messages.map((m) => this.outgoing(m.value, m.timestampMs)), events.length - encoded.refused.length);
  }

  /** The stream's end (quix format), with its properties if it never wrote anything. */
  end(type: StreamEndType = 'Closed'): StreamMessages {
    this.endWritten = true;
    const end = this.options.encoder.encodeStreamEnd(type, nowNanos());
    return this.withOpening(end ? [this.outgoing(end.value, end.timestampMs)] : [], 0);
  }

  /** `end()` was called: the stream needs no end at shutdown. */
  get ended(): boolean {
    return this.endWritten;
  }

  private withOpening(messages: OutgoingMessage[], items: number): StreamMessages {
    if (!this.opened) {
      this.opened = true;
      const properties = this.options.encoder.encodeProperties(this.options.properties, nowNanos());
      if (properties) messages.unshift(this.outgoing(properties.value, properties.timestampMs));
    }
    return { topic: this.topic, messages, items };
  }

  private outgoing(value: Buffer, timestamp: string): OutgoingMessage {
    return { key: this.streamId, value, timestamp };
  }

  private refuse(items: { rows?: TimeseriesRow[]; events?: EventRecord[] }, reason: string, message: string): void {
    this.options.onRefused({ streamId: this.streamId, topic: this.topic, ...items, reason, message });
  }
}
