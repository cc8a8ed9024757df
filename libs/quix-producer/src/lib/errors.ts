/** Errors of the producer lib: a stable code, a message that says what to do, and whether retrying can help. */
export type ProducerErrorCode =
  | 'PRODUCER_CLOSED'
  | 'DELIVERY_FAILED'
  | 'CONNECT_FAILED'
  | 'SHUTDOWN_TIMEOUT'
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

/** kafkajs marks errors that a retry may cure with `retriable`; anything unknown is assumed transient. */
export function isRetriable(error: unknown): boolean {
  if (error instanceof ProducerError) return error.retriable;
  const flag = (error as { retriable?: unknown } | null)?.retriable;
  return typeof flag === 'boolean' ? flag : true;
}
