/** Errors of the producer lib: a stable code, a message that says what to do, and whether retrying can help. */
export type ProducerErrorCode =
  | 'PRODUCER_CLOSED'
  /** Kafka refused these records (too large, invalid); other records still go. */
  | 'RECORD_REFUSED'
  /** Nothing can be delivered (authorization, invalid topic, fenced): the connector stops. */
  | 'DELIVERY_FATAL'
  /** Shutdown came before Kafka acknowledged these records. */
  | 'SHUTDOWN_TIMEOUT'
  /** The publisher withdrew the records before any of them was handed to Kafka. */
  | 'CANCELLED'
  | 'CONNECT_FAILED'
  | 'PORTAL_UNAUTHORIZED'
  | 'PORTAL_NOT_FOUND'
  | 'PORTAL_REQUEST_FAILED'
  | 'TOPIC_NOT_READY'
  | 'WORKSPACE_NOT_DETERMINED'
  | 'TLS_FILE_UNREADABLE';

export class ProducerError extends Error {
  constructor(
    readonly code: ProducerErrorCode,
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProducerError';
  }
}

/**
 * Shutdown gave up before Kafka acknowledged these records. `maybeWritten`: some were already
 * sent, and the broker may have written them without its answer arriving (it died meanwhile):
 * their fate is unknown, so a source must not tell its sender they were not stored.
 */
export class ShutdownTimeoutError extends ProducerError {
  constructor(
    message: string,
    readonly maybeWritten: boolean,
  ) {
    super('SHUTDOWN_TIMEOUT', message, false);
    this.name = 'ShutdownTimeoutError';
  }
}

/** Records Kafka (or the encoder) refused: `messageIndexes` are the refused messages of one publish. */
export class RecordRefusedError extends ProducerError {
  constructor(
    message: string,
    /** A short, stable cause, e.g. MESSAGE_TOO_LARGE or INVALID_ROW. */
    readonly reason: string,
    readonly messageIndexes: readonly number[],
    options?: { cause?: unknown },
  ) {
    super('RECORD_REFUSED', message, false, options);
    this.name = 'RecordRefusedError';
  }
}
