/**
 * What a failed Kafka call means for the data in it:
 * - `transient`: the broker is down or moving (connection lost, leader elsewhere, timeout,
 *   coordinator not found). Retrying cures it, however long it lasts.
 * - `refused`: the broker refuses these records themselves (too large, invalid). Retrying the
 *   same records cannot help; other records can still go.
 * - `fatal`: no record can be delivered (authorization, an invalid topic, fenced by another
 *   producer, a protocol the broker does not speak). The connector must stop and say why.
 * - `reset`: the idempotent producer's sequence state is lost (the broker no longer knows our
 *   producer id); a fresh producer must take over before retrying.
 */
export type FailureKind = 'transient' | 'refused' | 'fatal' | 'reset';

const REFUSED = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE', 'INVALID_TIMESTAMP']);

const FATAL = new Set([
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  'SASL_AUTHENTICATION_FAILED',
  'INVALID_TOPIC_EXCEPTION',
  'UNSUPPORTED_VERSION',
  'INVALID_REQUIRED_ACKS',
  'UNSUPPORTED_FOR_MESSAGE_FORMAT',
  'POLICY_VIOLATION',
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'TRANSACTION_COORDINATOR_FENCED',
]);

const RESET = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_ID_MAPPING']);

const FATAL_NAMES = new Set(['KafkaJSSASLAuthenticationError', 'KafkaJSServerDoesNotSupportApiKey']);

/**
 * JavaScript's own errors, thrown while the client encodes the request (a value it cannot
 * serialize): the records are at fault, not the broker, and retrying them would block their
 * partition forever.
 */
const ENCODING_NAMES = new Set(['TypeError', 'SyntaxError', 'RangeError']);

/** The broker error types (e.g. `MESSAGE_TOO_LARGE`) and error names along an error's cause chain. */
function causeChain(error: unknown): { types: string[]; names: string[] } {
  const types: string[] = [];
  const names: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== null && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { type?: unknown; name?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
    if (typeof e.type === 'string') types.push(e.type);
    if (typeof e.name === 'string') names.push(e.name);
    if (Array.isArray(e.errors)) for (const inner of e.errors) types.push(...causeChain(inner).types);
    current = e.originalError ?? e.cause;
  }
  return { types, names };
}

/**
 * Classifies a kafkajs failure. kafkajs's own `retriable` flag is not used: it marks "I gave up
 * after my retries" and "coordinator not found" as not retriable, which for a broker that is
 * down for minutes is exactly what must be retried.
 */
export function classifyKafkaFailure(error: unknown): FailureKind {
  const { types, names } = causeChain(error);
  if (types.some((t) => FATAL.has(t)) || names.some((n) => FATAL_NAMES.has(n))) return 'fatal';
  if (types.some((t) => REFUSED.has(t))) return 'refused';
  if (types.some((t) => RESET.has(t))) return 'reset';
  if (types.length === 0 && names.length > 0 && names.every((n) => ENCODING_NAMES.has(n))) return 'refused';
  return 'transient';
}

/** A short, stable name of the cause, for throttled logs and metrics labels. */
export function failureCause(error: unknown): string {
  const { types, names } = causeChain(error);
  return types[0] ?? names.find((n) => n !== 'KafkaJSNumberOfRetriesExceeded' && n !== 'KafkaJSNonRetriableError') ?? names[0] ?? 'Error';
}
