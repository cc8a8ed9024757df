/** One message as it goes to Kafka: key = stream id, value = encoded JSON, timestamp in ms. */
export interface OutgoingMessage {
  key: string;
  value: Buffer;
  timestamp: string;
  headers?: Record<string, string>;
}

/**
 * Where encoded messages go. A sink resolves `send` only when the destination has acknowledged
 * every message (Kafka acks=all), so callers can tell their source. Plain Kafka, stdout and, in
 * its own issue, Quix Cloud are sinks.
 */
export interface Sink {
  /** For logs: where messages go, never with secrets. */
  readonly description: string;
  connect(topic: string): Promise<void>;
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  /** Connected and able to publish. */
  isReady(): boolean;
  disconnect(): Promise<void>;
}
