import type { FailureKind } from '../kafka/kafka-errors.js';

/** One message as it goes to Kafka: key = stream id, value = encoded JSON, timestamp in ms. */
export interface OutgoingMessage {
  key: string;
  value: Buffer;
  timestamp: string;
  headers?: Record<string, string>;
  /** Set by the delivery queue: every message of one send goes to one partition. */
  partition?: number;
}

/**
 * Where encoded messages go: plain Kafka or Quix Cloud (both Kafka), or stdout. `send` resolves
 * only when the destination has acknowledged every message (Kafka acks=all) and rejects with the
 * client's own error, which `classify` reads.
 */
export interface Sink {
  /** For logs: where messages go, never with secrets. */
  readonly description: string;
  /** Reaches the destination at start, or fails with CONNECT_FAILED saying what to check. */
  connect(): Promise<void>;
  /** Makes sure a topic can be written (created when allowed) and its partitions are known. */
  prepareTopic(topic: string): Promise<void>;
  /** The partition a key's messages go to, when the sink has partitions. */
  partitionFor(topic: string, key: string): number | undefined;
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  classify(error: unknown): FailureKind;
  disconnect(): Promise<void>;
}
