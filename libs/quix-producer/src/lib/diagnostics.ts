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
  willRetry: boolean;
}

export const deliveredChannel = channel('quix-connectors:producer:delivered');
export const deliveryFailedChannel = channel('quix-connectors:producer:delivery-failed');
