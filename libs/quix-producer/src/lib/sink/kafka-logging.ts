import { logLevel, type logCreator } from 'kafkajs';
import kafkajsErrors from 'kafkajs/src/protocol/error.js';
import type { Logger } from '../logger.js';

const errorsByMessage = new Map(kafkajsErrors.errorCodes.map((error) => [error.message, error]));

/**
 * Broker answers that are a normal step of the protocol: the transaction coordinator still
 * writing the previous transaction's markers when the next one starts. The Java client logs
 * them at debug too.
 */
const ROUTINE_ERRORS = new Set(['CONCURRENT_TRANSACTIONS']);

const FAILED_SEND = 'Failed to send messages: ';

/** The broker error a kafkajs error line reports: a "Response <api>" line or a send it will retry. */
function brokerError(message: string, details: Record<string, unknown>): string | undefined {
  if (message.startsWith('Response ') && typeof details['error'] === 'string') return details['error'];
  if (message.startsWith(FAILED_SEND)) return message.slice(FAILED_SEND.length);
  return undefined;
}

/**
 * The level for a kafkajs error line. kafkajs logs a broker's error answer at error level before
 * its retrier retries it. One it retries is a warning (a leader moving) or routine; one it gives
 * up on reaches our own code, which reports it.
 */
function errorLineLevel(message: string, details: Record<string, unknown>): 'debug' | 'warn' | 'error' {
  const error = brokerError(message, details);
  const known = error === undefined ? undefined : errorsByMessage.get(error);
  if (known === undefined || !known.retriable) return 'error';
  return ROUTINE_ERRORS.has(known.type) ? 'debug' : 'warn';
}

/** Routes kafkajs's own logs into ours, at the matching level. */
export function kafkajsLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...details } = log;
      const entry = { kafkajs: details };
      const text = `kafkajs: ${message}`;
      // kafkajs warns at every start because its retries are bounded; that is deliberate here
      // (the delivery queue retries on top, so a give-up can at worst duplicate, never lose).
      if (message.startsWith('Limiting retries for the idempotent producer')) return logger.debug(entry, text);
      if (level === logLevel.ERROR) logger[errorLineLevel(message, details)](entry, text);
      else if (level === logLevel.WARN) logger.warn(entry, text);
      else if (level === logLevel.INFO) logger.info(entry, text);
      else logger.debug(entry, text);
    };
}
