/** One time-series row: a timestamp, named values of three kinds, and tags. */
export interface TimeseriesRow {
  /** Nanoseconds since the Unix epoch (a bigint: ~1.7e18 is beyond Number.MAX_SAFE_INTEGER). */
  timestamp: bigint;
  numeric?: Record<string, number | null>;
  strings?: Record<string, string | null>;
  binary?: Record<string, Uint8Array | null>;
  tags?: Record<string, string>;
}

/** One event: an id, a string value and a nanosecond timestamp. */
export interface EventRecord {
  id: string;
  value: string;
  timestamp: bigint;
  tags?: Record<string, string>;
}

/** The stream description the Quix SDK sent beside the data. */
export interface StreamProperties {
  name?: string;
  location?: string;
  metadata?: Record<string, string>;
  parents?: string[];
  timeOfRecording?: Date | null;
}

export type StreamEndType = 'Closed' | 'Aborted' | 'Terminated';

export const STREAM_END_TYPES: readonly StreamEndType[] = Object.freeze([
  'Closed',
  'Aborted',
  'Terminated',
]);

export type MessageFormat = 'json' | 'quix';

export const MESSAGE_FORMATS: readonly MessageFormat[] = Object.freeze(['json', 'quix']);

/** One Kafka message value, ready for a producer. */
export interface EncodedMessage {
  value: Buffer;
  /** Kafka message timestamp in ms as a decimal string (kafkajs wants a string). */
  timestampMs: string;
  /** Rows or events inside (0 for stream properties and stream end). */
  itemCount: number;
}

export interface StreamEncoder {
  readonly format: MessageFormat;
  /** As few messages as the format allows, in order, each value at most maxBytes bytes. */
  encodeRows(rows: readonly TimeseriesRow[], maxBytes: number): EncodedMessage[];
  encodeEvents(events: readonly EventRecord[], maxBytes: number): EncodedMessage[];
  /** null when the format has no such message (json) */
  encodeProperties(properties: StreamProperties, at: bigint): EncodedMessage | null;
  encodeStreamEnd(type: StreamEndType, at: bigint): EncodedMessage | null;
}
