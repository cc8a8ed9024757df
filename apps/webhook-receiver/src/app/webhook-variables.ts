import { parse, variable, type ConfigOf, type ConfigProblem } from '@quix-connectors/config';
import { baseVariables, SENDER_AUTH_TYPES } from '@quix-connectors/service';
import { SIGNATURE_SCHEMES } from './signature/select-verifier.js';

const list = () =>
  parse.text().transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  );

/** A JSON list of strings (for secrets that hold commas), or a comma-separated list. */
const secretList = () =>
  parse.text().transform((value, ctx): string[] => {
    if (!value.startsWith('[')) return value.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed) && parsed.every((s) => typeof s === 'string' && s.length > 0)) return parsed as string[];
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'must be a JSON list of non-empty strings, or a comma-separated list (value hidden)' });
    return [];
  });

/** Everything webhook-receiver reads from the environment. */
export const webhookVariables = {
  // Each reply waits for its ack, and concurrent requests already share produce calls: no linger.
  ...baseVariables({ topic: 'webhooks', port: 8080, lingerMs: 0 }),
  streamId: variable('STREAM_ID', parse.text().default('webhooks'), {
    description: 'Stream id (the Kafka message key): every webhook goes to one stream, so they stay in order.',
    defaultValue: 'webhooks',
  }),
  path: variable('WEBHOOK_PATH', parse.text().regex(/^\//, 'must start with /').default('/webhook'), {
    description: 'The path webhooks are POSTed to.',
    defaultValue: '/webhook',
  }),
  scheme: variable('SIGNATURE_SCHEME', parse.oneOf(SIGNATURE_SCHEMES).default('none'), {
    description: `How requests are signed: ${SIGNATURE_SCHEMES.join(', ')}. Every scheme but none needs WEBHOOK_SECRETS.`,
    defaultValue: 'none',
  }),
  secrets: variable('WEBHOOK_SECRETS', secretList().optional(), {
    description:
      'Signing secrets, comma-separated or as a JSON list (`["a,b","c"]`, for secrets that hold a comma); a request signed with any of them is accepted (key rotation). standard-webhooks secrets keep their whsec_ prefix.',
    secret: true,
  }),
  authType: variable('AUTH_TYPE', parse.oneOf(SENDER_AUTH_TYPES).default('none'), {
    description:
      'For senders that do not sign: none, bearer (Authorization: Bearer, one of AUTH_TOKENS), basic (one of AUTH_LOGINS) or api-key (one of AUTH_TOKENS in the AUTH_HEADER header). Checked before the body is read; combinable with SIGNATURE_SCHEME.',
    defaultValue: 'none',
  }),
  authTokens: variable('AUTH_TOKENS', secretList().optional(), {
    description: 'bearer / api-key: the accepted tokens or keys, comma-separated or a JSON list; several for rotation.',
    secret: true,
  }),
  authLogins: variable('AUTH_LOGINS', secretList().optional(), {
    description: 'basic: the accepted `user:password` logins, comma-separated or a JSON list; several for rotation.',
    secret: true,
  }),
  authHeader: variable('AUTH_HEADER', parse.text().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name').default('X-API-Key'), {
    description: 'api-key: the header carrying the key (as Quix\'s HTTP API Source: X-API-Key).',
    defaultValue: 'X-API-Key',
  }),
  signatureHeader: variable('SIGNATURE_HEADER', parse.text().toLowerCase().default('x-signature'), {
    description: 'hmac-sha1 / hmac-sha256: the header carrying the signature (Segment: x-signature).',
    defaultValue: 'x-signature',
  }),
  signatureEncoding: variable('SIGNATURE_ENCODING', parse.oneOf(['hex', 'base64']).default('hex'), {
    description: 'hmac-sha1 / hmac-sha256: how the signature is written, hex or base64.',
    defaultValue: 'hex',
  }),
  toleranceS: variable('TIMESTAMP_TOLERANCE_S', parse.positiveInt().default(300), {
    description: 'stripe / standard-webhooks: reject a signature timestamp further than this from now, seconds.',
    defaultValue: '300',
  }),
  eventIdField: variable('EVENT_ID_FIELD', parse.text().default('type'), {
    description: 'The top-level JSON field whose value becomes the event id (a missing field gives "webhook").',
    defaultValue: 'type',
  }),
  tagHeaders: variable('TAG_HEADERS', list().default([]), {
    description: 'Comma-separated request headers copied into the event tags (by their lower-case name).',
  }),
  dedupeWindowS: variable('DEDUPE_WINDOW_S', parse.nonNegativeInt().default(3600), {
    description: 'A delivery id seen and stored within this many seconds is answered 200 without publishing again; 0 turns dedupe off.',
    defaultValue: '3600',
  }),
  dedupeMaxIds: variable('DEDUPE_MAX_IDS', parse.positiveInt().default(100_000), {
    description: 'At most this many delivery ids are remembered (the oldest are forgotten first).',
    defaultValue: '100000',
  }),
  maxBodyBytes: variable('MAX_BODY_BYTES', parse.positiveInt().default(1_048_576), {
    description: 'Largest request body accepted, bytes; larger ones get 413.',
    defaultValue: '1048576',
  }),
  rateLimitPerS: variable('RATE_LIMIT_PER_S', parse.nonNegativeInt().default(0), {
    description: 'Requests per second accepted per client address before 429 with Retry-After; 0 means no limit.',
    defaultValue: '0',
  }),
  publishTimeoutMs: variable('PUBLISH_TIMEOUT_MS', parse.durationMs({ max: 600_000 }).default(5000), {
    description:
      'How long a request waits for Kafka to acknowledge its event. Past it, an event not yet sent is withdrawn and answered 503 with Retry-After (it will not appear later); one already sent waits for Kafka\'s answer.',
    defaultValue: '5000',
  }),
  headersTimeoutMs: variable('HEADERS_TIMEOUT_MS', parse.durationMs({ max: 600_000 }).default(10_000), {
    description: 'A client must send its request headers within this many ms of connecting (slow-client protection).',
    defaultValue: '10000',
  }),
  requestTimeoutMs: variable('REQUEST_TIMEOUT_MS', parse.durationMs({ max: 600_000 }).default(30_000), {
    description: 'A client must send its whole request (headers and body) within this many ms.',
    defaultValue: '30000',
  }),
  keepAliveTimeoutMs: variable('KEEP_ALIVE_TIMEOUT_MS', parse.durationMs({ max: 600_000 }).default(5000), {
    description: 'An idle keep-alive connection is closed after this many ms.',
    defaultValue: '5000',
  }),
  maxConnections: variable('MAX_CONNECTIONS', parse.positiveInt().default(1000), {
    description: 'Most connections open at once; more are refused (the cap on memory and sockets a flood can take).',
    defaultValue: '1000',
  }),
  retryAfterS: variable('RETRY_AFTER_S', parse.positiveInt().default(5), {
    description: 'The Retry-After value, seconds, of 503 answers.',
    defaultValue: '5',
  }),
};

export type WebhookConfig = ConfigOf<typeof webhookVariables>;

/** Combinations that are each valid alone but not together. */
export function webhookCrossChecks(config: WebhookConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    problems.push({ variable: 'HEADERS_TIMEOUT_MS', message: `must not be above REQUEST_TIMEOUT_MS (${config.requestTimeoutMs})` });
  }
  if ((config.authType === 'bearer' || config.authType === 'api-key') && (config.authTokens ?? []).length === 0) {
    problems.push({ variable: 'AUTH_TOKENS', message: `AUTH_TYPE ${config.authType} needs at least one token (it is not set)` });
  }
  if (config.authType === 'basic') {
    const logins = config.authLogins ?? [];
    if (logins.length === 0) problems.push({ variable: 'AUTH_LOGINS', message: 'AUTH_TYPE basic needs at least one user:password (it is not set)' });
    else if (logins.some((login) => !login.includes(':'))) problems.push({ variable: 'AUTH_LOGINS', message: 'each login must be user:password (value hidden)' });
  }
  if (config.scheme !== 'none' && (config.secrets ?? []).length === 0) {
    problems.push({ variable: 'WEBHOOK_SECRETS', message: `SIGNATURE_SCHEME ${config.scheme} needs at least one secret (it is not set)` });
  }
  if (config.scheme === 'standard-webhooks') {
    for (const [i, secret] of (config.secrets ?? []).entries()) {
      if (!/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/.test(secret)) {
        problems.push({ variable: 'WEBHOOK_SECRETS', message: `secret ${i + 1} is not whsec_<base64> (value hidden)` });
      }
    }
  }
  return problems;
}
