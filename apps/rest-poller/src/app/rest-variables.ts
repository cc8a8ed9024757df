import { parse, variable } from '@quix-connectors/config';
import { baseVariables } from '@quix-connectors/service';
import { z } from 'zod';
import { MAX_BODY_LIMIT } from './endpoint-config.js';

const optionalText = () => parse.text().optional();
const jsonObject = () =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), z.string(), { error: 'must be a JSON object of strings, e.g. {"Accept":"application/json"}' }));
const list = () =>
  z.string().transform((text) =>
    text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  );

/**
 * Everything rest-poller reads from the environment. ENDPOINTS (a JSON list) replaces the POLL_*
 * and other single-endpoint variables; either it or POLL_URL must be set.
 */
export const restPollerVariables = {
  ...baseVariables({ topic: 'rest-data', port: 8080 }),
  endpoints: variable('ENDPOINTS', optionalText(), {
    description:
      'A JSON list of endpoint objects (see the README), for polling many APIs from one deployment. Replaces the single-endpoint variables below. May hold credentials, so it is treated as a secret.',
    secret: true,
  }),
  streamId: variable('STREAM_ID', optionalText(), { description: 'Single endpoint: its name, the stream id. Default: the URL host.' }),
  url: variable('POLL_URL', optionalText(), { description: 'Single endpoint: the URL to poll.' }),
  method: variable('POLL_METHOD', parse.oneOf(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).default('GET'), {
    description: 'Single endpoint: HTTP method; POST with POLL_BODY for GraphQL and search endpoints.',
    defaultValue: 'GET',
  }),
  // Headers and query parameters often carry credentials: secrets, never echoed in errors or logs.
  headers: variable('POLL_HEADERS', jsonObject().optional(), {
    description: 'Single endpoint: request headers, a JSON object. Sent only to the endpoint\'s own origin.',
    secret: true,
  }),
  query: variable('POLL_QUERY', jsonObject().optional(), { description: 'Single endpoint: query parameters, a JSON object.', secret: true }),
  body: variable('POLL_BODY', optionalText(), {
    description:
      'Single endpoint: request body, a template: `{{cursor}}`, `{{page}}`, `{{offset}}` (PAGINATION_IN=body) and `{{since}}`, `{{until}}` (WINDOW_IN=body) are filled in, JSON-escaped in a JSON body (see the README).',
  }),
  contentType: variable('POLL_CONTENT_TYPE', optionalText(), {
    description: 'Content-Type of POLL_BODY, which also says how placeholders are escaped (JSON, form or as is). Default: a Content-Type in POLL_HEADERS, else application/json.',
  }),
  intervalMs: variable('POLL_INTERVAL_MS', parse.durationMs().default(4000), {
    description: 'How often to poll, ms. Fixed rate without drift; a slow poll delays the next one, never stacks it.',
    defaultValue: '4000',
  }),
  timeoutMs: variable('REQUEST_TIMEOUT_MS', parse.durationMs({ max: 3_600_000 }).default(10_000), {
    description: 'Give up on one request (headers and body) after this many ms; it is retried like a network error.',
    defaultValue: '10000',
  }),
  maxBodyBytes: variable('MAX_BODY_BYTES', parse.positiveInt().max(MAX_BODY_LIMIT, `must be at most ${MAX_BODY_LIMIT} (256 MiB)`).default(10 * 1024 * 1024), {
    description: 'A response body larger than this is dropped, logged and counted (at most 256 MiB).',
    defaultValue: String(10 * 1024 * 1024),
  }),
  maxRetries: variable('MAX_RETRIES', parse.nonNegativeInt().default(3), {
    description: 'Retries of one request on network errors, timeouts, 5xx and 429 (exponential backoff with jitter; Retry-After honoured).',
    defaultValue: '3',
  }),
  recordsPath: variable('RECORDS_PATH', optionalText(), {
    description: 'Dotted path to the array of records in the response (e.g. `data.items`). Unset: an array body is the records, any other body is one record.',
  }),
  timestampField: variable('TIMESTAMP_FIELD', optionalText(), {
    description: 'Dotted path of each record\'s timestamp: a number of ms since the epoch or an ISO 8601 string. Unset: the poll time.',
  }),
  tagFields: variable('TAG_FIELDS', list().optional(), { description: 'Comma-separated dotted paths published as tags instead of values.' }),
  idField: variable('ID_FIELD', optionalText(), {
    description: 'Dotted path of a record id; records whose id was already published are skipped, also after a restart.',
  }),
  authType: variable('AUTH_TYPE', parse.oneOf(['none', 'bearer', 'basic', 'api-key', 'oauth2']).default('none'), {
    description:
      'none, bearer (AUTH_TOKEN), basic (AUTH_USERNAME, AUTH_PASSWORD), api-key (AUTH_TOKEN in header AUTH_HEADER) or oauth2 (client credentials: AUTH_TOKEN_URL, AUTH_CLIENT_ID, AUTH_CLIENT_SECRET).',
    defaultValue: 'none',
  }),
  authToken: variable('AUTH_TOKEN', optionalText(), { description: 'Bearer token or API key.', secret: true }),
  authUsername: variable('AUTH_USERNAME', optionalText(), { description: 'Basic auth user name.' }),
  authPassword: variable('AUTH_PASSWORD', optionalText(), { description: 'Basic auth password.', secret: true }),
  authHeader: variable('AUTH_HEADER', parse.text().default('X-API-Key'), {
    description: 'Header that carries the API key.',
    defaultValue: 'X-API-Key',
  }),
  authTokenUrl: variable('AUTH_TOKEN_URL', optionalText(), { description: 'OAuth2: the token endpoint, asked for a token with the client credentials grant.' }),
  authClientId: variable('AUTH_CLIENT_ID', optionalText(), { description: 'OAuth2: client id.' }),
  authClientSecret: variable('AUTH_CLIENT_SECRET', optionalText(), { description: 'OAuth2: client secret.', secret: true }),
  authClientAuth: variable('AUTH_CLIENT_AUTH', parse.oneOf(['basic', 'post']).default('basic'), {
    description: 'OAuth2: how the client authenticates to the token endpoint: basic (HTTP Basic, client_secret_basic) or post (form fields, client_secret_post).',
    defaultValue: 'basic',
  }),
  authScope: variable('AUTH_SCOPE', optionalText(), { description: 'OAuth2: scope asked for (space-separated).' }),
  authAudience: variable('AUTH_AUDIENCE', optionalText(), { description: 'OAuth2: audience asked for (Auth0, Okta and others need it).' }),
  authTokenParams: variable('AUTH_TOKEN_PARAMS', jsonObject().optional(), {
    description: 'OAuth2: further form fields of the token request, a JSON object (e.g. {"resource":"https://api.example.com"}).',
    secret: true,
  }),
  paginationType: variable('PAGINATION_TYPE', parse.oneOf(['none', 'link', 'next-url', 'cursor', 'page', 'offset']).default('none'), {
    description: 'none, link (Link: rel="next"), next-url (PAGINATION_FIELD holds the URL), cursor (PAGINATION_FIELD sent back as PAGINATION_PARAM), page or offset (PAGINATION_PARAM counts from PAGINATION_START).',
    defaultValue: 'none',
  }),
  paginationField: variable('PAGINATION_FIELD', optionalText(), { description: 'Dotted path of the next URL or cursor in the body.' }),
  paginationParam: variable('PAGINATION_PARAM', optionalText(), { description: 'Query parameter of the cursor, page or offset.' }),
  paginationIn: variable('PAGINATION_IN', parse.oneOf(['query', 'body']).default('query'), {
    description: 'Where the cursor, page or offset goes: query (parameter PAGINATION_PARAM) or body (placeholder `{{cursor}}`, `{{page}}` or `{{offset}}` in POLL_BODY).',
    defaultValue: 'query',
  }),
  paginationStart: variable('PAGINATION_START', parse.nonNegativeInt().optional(), { description: 'First page (default 1) or offset (default 0).' }),
  paginationPageSize: variable('PAGINATION_PAGE_SIZE', parse.positiveInt().optional(), {
    description: 'Records per page: the offset step; a shorter page ends pagination.',
  }),
  allowedOrigins: variable('PAGINATION_ALLOWED_ORIGINS', list().optional(), {
    description:
      'Comma-separated origins (https://host[:port]) that pagination links may lead to besides the endpoint\'s own; links elsewhere end the poll\'s pagination. Credentials and POLL_HEADERS are never sent to them.',
  }),
  maxPages: variable('MAX_PAGES', parse.positiveInt().default(10), {
    description: 'Most pages fetched per poll; the next poll continues where this one stopped.',
    defaultValue: '10',
  }),
  windowIn: variable('WINDOW_IN', parse.oneOf(['none', 'query', 'body']).default('none'), {
    description:
      'A time window per poll, for APIs that filter by time: query (parameters WINDOW_SINCE_PARAM, WINDOW_UNTIL_PARAM) or body (`{{since}}`, `{{until}}` in POLL_BODY). Each window starts where the last completed one ended, also after a restart.',
    defaultValue: 'none',
  }),
  windowSinceParam: variable('WINDOW_SINCE_PARAM', parse.text().default('since'), { description: 'Query parameter of the window start.', defaultValue: 'since' }),
  windowUntilParam: variable('WINDOW_UNTIL_PARAM', parse.text().default('until'), { description: 'Query parameter of the window end (the poll time).', defaultValue: 'until' }),
  windowFormat: variable('WINDOW_FORMAT', parse.oneOf(['iso8601', 'unix-s', 'unix-ms']).default('iso8601'), {
    description: 'How the window bounds are written: iso8601 (2026-12-04T18:00:00.000Z), unix-s or unix-ms.',
    defaultValue: 'iso8601',
  }),
  windowStart: variable('WINDOW_START', optionalText(), { description: 'Start of the first window, an ISO 8601 instant; wins over WINDOW_LOOKBACK_S. Used only before any window was completed.' }),
  windowLookbackS: variable('WINDOW_LOOKBACK_S', parse.nonNegativeInt().default(3600), {
    description: 'Without WINDOW_START, the first window starts this many seconds before the first poll.',
    defaultValue: '3600',
  }),
  stateTopic: variable('STATE_TOPIC', optionalText(), {
    description:
      'Compacted topic holding each endpoint\'s dedupe ids, validators, resume point and window end, committed in the same transaction as its rows. Default: `<output>-rest-poller-state`.',
  }),
  transactionalId: variable('TRANSACTIONAL_ID', optionalText(), {
    description:
      'Kafka transactional id of this deployment. Default: `rest-poller-<Quix__Deployment__Id>` on Quix, else `rest-poller-<output>`. Two instances with the same id fence each other: run one replica, and give each deployment (each set of endpoints) its own.',
  }),
  deploymentId: variable('Quix__Deployment__Id', optionalText(), { description: 'Quix deployment id (Quix sets it in a deployment).' }),
  dedupeMaxIds: variable('DEDUPE_MAX_IDS', parse.positiveInt().default(10_000), {
    description: 'Ids remembered per endpoint for dedupe (the most recent ones).',
    defaultValue: '10000',
  }),
};
