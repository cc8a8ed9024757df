import { logLevel, type logCreator } from 'kafkajs';
import kafkajsErrors from 'kafkajs/src/protocol/error.js';
import { ReportThrottle, systemClock } from '@quix-connectors/timing';
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
  // A broker that cannot be reached is an outage, which the delivery queue retries and reports.
  if (CONNECTION_TROUBLE.test(message)) return 'warn';
  const error = retriedCallError(message, details);
  const known = error === undefined ? undefined : errorsByMessage.get(error);
  if (known === undefined || !known.retriable || ALWAYS_ERRORS.has(known.type)) return 'error';
  return ROUTINE_ERRORS.has(known.type) ? 'debug' : 'warn';
}

const CONNECTION_TROUBLE = /Connection (error|timeout)|Closed connection|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|Request .* timed out|There is no leader/;

/** Shared with the client: while `quiet` (connecting at start), kafkajs's lines go to debug. */
export interface KafkajsLogState {
  quiet: boolean;
}

/** Each distinct kafkajs line (numbers aside) is logged at most this often; a long outage repeats them. */
const REPEAT_INTERVAL_MS = 60_000;

/** Routes kafkajs's own logs into ours, at the matching level, each kind of line throttled. */
export function kafkajsLogCreator(logger: Logger, state: KafkajsLogState = { quiet: false }, throttle = new ReportThrottle(systemClock, REPEAT_INTERVAL_MS)): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...details } = log;
      const text = `kafkajs: ${message}`;
      // kafkajs warns at every start because its retries are bounded. That is deliberate: the
      // delivery queue above retries every failed call for as long as the outage lasts.
      if (message.startsWith('Limiting retries for the idempotent producer')) return logger.debug({ kafkajs: details }, text);
      const wanted = level === logLevel.ERROR ? errorLineLevel(message, details) : level === logLevel.WARN ? 'warn' : level === logLevel.INFO ? 'info' : 'debug';
      if (wanted === 'debug' || state.quiet) return logger.debug({ kafkajs: details }, text);
      const verdict = throttle.take(message.replace(/\d+/g, '#'));
      if (!verdict.report) return logger.debug({ kafkajs: details }, text);
      logger[wanted]({ kafkajs: details, ...(verdict.suppressed > 0 ? { repeated: verdict.suppressed } : {}) }, text);
    };
}
