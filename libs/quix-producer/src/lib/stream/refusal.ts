import type { EventRecord, TimeseriesRow } from '@quix-connectors/message-schema';

/**
 * Rows or events that will never be delivered, and why: the encoder refused them (an invalid
 * row, one too large alone) or Kafka did (too large for the topic, invalid). Handed to the
 * source's policy (fail, skip and count, dead-letter), never dropped silently.
 */
export interface Refusal {
  streamId: string;
  topic: string;
  rows?: TimeseriesRow[];
  events?: EventRecord[];
  /** A short, stable cause: INVALID_ROW, MESSAGE_TOO_LARGE, ... */
  reason: string;
  message: string;
}

export type RefusalHandler = (refusal: Refusal) => void;
