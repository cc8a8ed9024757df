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

/** Retriable for kafkajs, but what our own encoding going wrong would look like: always an error. */
const ALWAYS_ERRORS = new Set(['CORRUPT_MESSAGE']);

/** The calls kafkajs makes inside its send retrier (producer/sendMessages.js). EndTxn is not one. */
const RETRIED_CALLS = new Set(['Produce', 'AddPartitionsToTxn']);

const FAILED_SEND = 'Failed to send messages: ';

/** The broker error of a kafkajs error line about a call it retries, if the line is one. */
function retriedCallError(message: string, details: Record<string, unknown>): string | undefined {
  // kafkajs logs this line only for an error it is about to retry.
  if (message.startsWith(FAILED_SEND)) return message.slice(FAILED_SEND.length);
  const call = /^Response (\w+)\(/.exec(message)?.[1];
  if (call !== undefined && RETRIED_CALLS.has(call) && typeof details['error'] === 'string') return details['error'];
  return undefined;
}

/**
 * The level for a kafkajs error line. kafkajs logs every error answer of the broker at error
 * level, including those its send retrier then retries: those are warnings (a leader moving) or
 * routine. If the retries run out, the send fails and the app reports that itself.
 */
function errorLineLevel(message: string, details: Record<string, unknown>): 'debug' | 'warn' | 'error' {
  const error = retriedCallError(message, details);
  const known = error === undefined ? undefined : errorsByMessage.get(error);
  if (known === undefined || !known.retriable || ALWAYS_ERRORS.has(known.type)) return 'error';
  return ROUTINE_ERRORS.has(known.type) ? 'debug' : 'warn';
}

/** Routes kafkajs's own logs into ours, at the matching level. */
export function kafkajsLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...details } = log;
      const entry = { kafkajs: details };
      const text = `kafkajs: ${message}`;
      // kafkajs warns at every start because its retries are bounded. That is deliberate: when
      // they run out, the delivery fails with DELIVERY_FAILED and each app handles that (sends
      // again, answers 503, does not advance its state), instead of waiting forever.
      if (message.startsWith('Limiting retries for the idempotent producer')) return logger.debug(entry, text);
      if (level === logLevel.ERROR) logger[errorLineLevel(message, details)](entry, text);
      else if (level === logLevel.WARN) logger.warn(entry, text);
      else if (level === logLevel.INFO) logger.info(entry, text);
      else logger.debug(entry, text);
    };
}
