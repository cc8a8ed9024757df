import { parse, variable, type ConfigOf, type ConfigProblem } from '@quix-connectors/config';
import { baseVariables, SENDER_AUTH_TYPES } from '@quix-connectors/service';
import { CHALLENGE_KINDS } from './challenges.js';
import { HEADER_NAME, resolveRoutes, routeList, routeProblems, type WebhookRoute } from './route-config.js';
import { SIGNATURE_SCHEMES } from './signature/select-verifier.js';

const splitList = (value: string) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

const list = () => parse.text().transform(splitList);

/** A JSON list of strings (for secrets that hold commas), or a comma-separated list. */
const secretList = () =>
  parse.text().transform((value, ctx): string[] => {
    if (!value.startsWith('[')) return splitList(value);
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed) && parsed.every((s) => typeof s === 'string' && s.length > 0)) return parsed as string[];
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'must be a JSON list of non-empty strings, or a comma-separated list (value hidden)' });
    return [];
  });

/** A JSON object of response headers: names as HTTP allows them, values on one line. */
const headerObject = () =>
  parse.text().transform((value, ctx): Record<string, string> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
    const entries = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.entries(parsed) : undefined;
    if (!entries || entries.some(([name, v]) => !HEADER_NAME.test(name) || typeof v !== 'string' || /[\r\n\0]/.test(v))) {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of header names to one-line string values, e.g. {"X-Served-By":"quix"}' });
      return {};
    }
    return Object.fromEntries(entries) as Record<string, string>;
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
  authHeader: variable('AUTH_HEADER', parse.text().regex(HEADER_NAME, 'must be an HTTP header name').default('X-API-Key'), {
    description: 'api-key: the header carrying the key (as Quix\'s HTTP API Source: X-API-Key).',
    defaultValue: 'X-API-Key',
  }),
  challenges: variable('CHALLENGES', list().pipe(parse.oneOf(CHALLENGE_KINDS).array()).default([]), {
    description:
      'Subscription handshakes to answer (never published), comma-separated: slack (the signed url_verification POST), echo (GET ?challenge=, as Dropbox), meta (GET ?hub.mode=subscribe&hub.challenge=&hub.verify_token=, as Meta and WhatsApp).',
  }),
  challengeVerifyToken: variable('CHALLENGE_VERIFY_TOKEN', parse.text().optional(), {
    description: 'meta: the verify token you entered in the provider\'s webhook settings.',
    secret: true,
  }),
  routes: variable('WEBHOOK_ROUTES', routeList().optional(), {
    description:
      'Several paths on one listener: a JSON list of routes, each `{"path": ...}` with any of scheme, secrets, signatureHeader, signatureEncoding, authType, authTokens, authLogins, authHeader, challenges, challengeVerifyToken, topic, streamId, eventIdField, tagHeaders, tags (an object of fixed tags); what a route leaves out is the top-level variable\'s. Unset: the one route of WEBHOOK_PATH.',
    secret: true,
  }),
  pathTag: variable('PATH_TAG', parse.text().regex(/^[^\s]+$/, 'must be a tag name without spaces').optional(), {
    description: 'A tag name that gets the path the webhook came to (e.g. path); unset: no such tag.',
  }),
  corsOrigins: variable('CORS_ORIGINS', list().default([]), {
    description: 'Comma-separated origins whose pages may POST webhooks from a browser (`*`: any); empty: no CORS headers, browsers refuse cross-origin calls.',
  }),
  responseHeaders: variable('RESPONSE_HEADERS', headerObject().default({}), {
    description: 'Headers added to every answer of the webhook paths, as a JSON object, e.g. {"X-Served-By":"quix"}.',
  }),
  signatureHeader: variable('SIGNATURE_HEADER', parse.text().toLowerCase().default('x-signature'), {
    description: 'hmac-sha1 / hmac-sha256: the header carrying the signature (Segment: x-signature).',
    defaultValue: 'x-signature',
  }),
  signatureEncoding: variable('SIGNATURE_ENCODING', parse.oneOf(['hex', 'base64']).default('hex'), {
    description: 'hmac-sha1 / hmac-sha256: how the signature is written, hex or base64.',
    defaultValue: 'hex',
  }),
  toleranceS: variable('TIMESTAMP_TOLERANCE_S', parse.positiveInt().max(86_400, 'must be at most 86400 (a day)').default(300), {
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
  dedupeWindowS: variable('DEDUPE_WINDOW_S', parse.nonNegativeInt().max(2_592_000, 'must be at most 2592000 (30 days)').default(3600), {
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
  retryAfterS: variable('RETRY_AFTER_S', parse.positiveInt().max(86_400, 'must be at most 86400 (a day)').default(5), {
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
  const routes = configuredRoutes(config);
  if (config.routes === undefined) problems.push(...routeProblems(routes[0]));
  else routes.forEach((route, i) => problems.push(...routeProblems(route, `route ${i + 1} (${route.path})`)));
  const paths = routes.map((route) => route.path);
  for (const path of new Set(paths.filter((p, i) => paths.indexOf(p) !== i))) problems.push({ variable: 'WEBHOOK_ROUTES', message: `the path ${path} is listed twice` });
  return problems;
}

/** The variables a route can take from, as the app has them (tests may leave out the optional ones). */
export type RouteSource = Pick<WebhookConfig, 'path' | 'scheme' | 'secrets' | 'signatureHeader' | 'signatureEncoding' | 'streamId' | 'eventIdField' | 'tagHeaders'> &
  Partial<Pick<WebhookConfig, 'routes' | 'authType' | 'authTokens' | 'authLogins' | 'authHeader' | 'challenges' | 'challengeVerifyToken'>>;

/** The routes to serve: WEBHOOK_ROUTES' entries, each filled in from the top-level variables, or the one route of those. */
export function configuredRoutes(config: RouteSource): WebhookRoute[] {
  const base = {
    path: config.path,
    scheme: config.scheme,
    secrets: config.secrets ?? [],
    signatureHeader: config.signatureHeader,
    signatureEncoding: config.signatureEncoding,
    authType: config.authType ?? 'none',
    authTokens: config.authTokens ?? [],
    authLogins: config.authLogins ?? [],
    authHeader: config.authHeader ?? 'X-API-Key',
    challenges: config.challenges ?? [],
    challengeVerifyToken: config.challengeVerifyToken,
    streamId: config.streamId,
    eventIdField: config.eventIdField,
    tagHeaders: config.tagHeaders,
  };
  return resolveRoutes(base, config.routes);
}

/** The topics of routes that have their own (resolved and created at start, like the output). */
export function routeTopics(config: Pick<WebhookConfig, 'routes'>): string[] {
  return [...new Set((config.routes ?? []).flatMap((route) => (route.topic === undefined ? [] : [route.topic])))];
}
