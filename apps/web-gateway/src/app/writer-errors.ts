import { ProducerError, RecordRefusedError, ShutdownTimeoutError } from '@quix-connectors/quix-producer';
import { AccessDenied } from './access.js';
import { InvalidBody } from './writer-bodies.js';

/** How a writer operation failed, as HTTP says it (the hub sends the message). */
export class WriterError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 413 | 503 | 504,
    message: string,
    /** 503: when the client should try again, seconds. */
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'WriterError';
  }
}

/** Any error of a writer operation as the answer a client gets; unexpected ones stay 5xx-free and logged by the caller. */
export function asWriterError(error: unknown, retryAfterS: number): WriterError | undefined {
  if (error instanceof WriterError) return error;
  if (error instanceof InvalidBody) return new WriterError(400, `Invalid body: ${error.message}`);
  if (error instanceof AccessDenied) return new WriterError(error.status, error.message);
  if (error instanceof RecordRefusedError) {
    return new WriterError(error.reason === 'MESSAGE_TOO_LARGE' ? 413 : 400, `Not accepted: ${error.message}`);
  }
  if (error instanceof ShutdownTimeoutError && error.maybeWritten) {
    // Sent, and the broker may have stored it before its answer was lost: "not written" could be false.
    return new WriterError(504, `Outcome unknown: the gateway stopped before Kafka answered; the write may be stored. ${error.message}`);
  }
  if (error instanceof ProducerError) {
    // Shutdown, or Kafka gave up on it: the client may send it again (here or to another replica).
    return new WriterError(503, `Not written: ${error.message}`, retryAfterS);
  }
  return undefined;
}
