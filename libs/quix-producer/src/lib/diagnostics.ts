import { channel } from 'node:diagnostics_channel';

/**
 * What the producer reports, on diagnostics channels: metrics and tracing subscribe here, so
 * instrumentation can never throw into the data path (a subscriber's error does not reach the
 * publisher).
 */
export interface DeliveredEvent {
  topic: string;
  messages: number;
  bytes: number;
  /** rows or events inside the messages */
  items: number;
  /** from the first message entering the queue to Kafka's acknowledgement */
  latencyMs: number;
}

export interface DeliveryFailedEvent {
  topic: string;
  messages: number;
  error: unknown;
  /** A short, stable name of the cause (e.g. KafkaJSConnectionError, NOT_LEADER_OR_FOLLOWER). */
  cause: string;
  willRetry: boolean;
}

export interface RefusedEvent {
  topic: string;
  /** rows or events refused */
  items: number;
  reason: string;
}

export const deliveredChannel = channel('quix-connectors:producer:delivered');
export const deliveryFailedChannel = channel('quix-connectors:producer:delivery-failed');
export const refusedChannel = channel('quix-connectors:producer:refused');

export interface BadRecordEvent {
  code: string;
  policy: string;
}

export const badRecordChannel = channel('quix-connectors:producer:bad-record');
