import { parse } from '@quix-connectors/config';
import { z } from 'zod';
import { templateProblems } from './body-template.js';

const auth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('bearer'), token: z.string().min(1, 'a bearer token is required') }),
  z.object({ type: z.literal('basic'), username: z.string().min(1, 'a user name is required'), password: z.string() }),
  z.object({
    type: z.literal('api-key'),
    key: z.string().min(1, 'an API key is required'),
    header: z.string().min(1).default('X-API-Key'),
  }),
  /** OAuth 2.0 client credentials (RFC 6749 §4.4): a bearer token fetched from `tokenUrl`, cached until shortly before it expires. */
  z.object({
    type: z.literal('oauth2'),
    tokenUrl: z.url({ protocol: /^https?$/, error: 'the token URL must be an http(s) URL' }),
    clientId: z.string().min(1, 'a client id is required'),
    clientSecret: z.string().min(1, 'a client secret is required'),
    /** How the client authenticates (RFC 6749 §2.3.1): HTTP Basic (`basic`, client_secret_basic) or form fields (`post`, client_secret_post). */
    clientAuth: z.enum(['basic', 'post']).default('basic'),
    scope: z.string().min(1).optional(),
    audience: z.string().min(1).optional(),
    /** Further form fields of the token request (e.g. `resource`). */
    params: z.record(z.string(), z.string()).default({}),
  }),
]);

/** Where a cursor, page, offset or time window goes: a query parameter, or the body template's placeholder. */
const placement = z.enum(['query', 'body']).default('query');

const pagination = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  /** RFC 8288 `Link: <url>; rel="next"`. */
  z.object({ type: z.literal('link') }),
  /** The body holds the full next URL at `field` (e.g. `next`, `links.next`). */
  z.object({ type: z.literal('next-url'), field: z.string().min(1, 'the next-URL field is required') }),
  /** The body holds a cursor at `field`; it is sent back as the query parameter `param`. */
  z.object({
    type: z.literal('cursor'),
    field: z.string().min(1, 'the cursor field is required'),
    param: z.string().min(1).default('cursor'),
    in: placement,
  }),
  /** Query parameter `param` counts pages from `start`; stops at an empty or short page. */
  z.object({
    type: z.literal('page'),
    param: z.string().min(1).default('page'),
    start: z.number().int().min(0).default(1),
    pageSize: z.number().int().positive().optional(),
    in: placement,
  }),
  /** Query parameter `param` counts records from `start` in steps of `pageSize`. */
  z.object({
    type: z.literal('offset'),
    param: z.string().min(1).default('offset'),
    start: z.number().int().min(0).default(0),
    pageSize: z.number().int().positive('the page size is required for offset pagination'),
    in: placement,
  }),
]);

/**
 * A time window [since, until) per poll, for APIs that filter by time: `until` is the poll's
 * start, `since` the last completed window's `until` (kept in the state topic), or `start` /
 * `lookbackS` before the first poll.
 */
const timeWindow = z.object({
  in: placement,
  sinceParam: z.string().min(1).default('since'),
  untilParam: z.string().min(1).default('until'),
  format: z.enum(['iso8601', 'unix-s', 'unix-ms']).default('iso8601'),
  /** The first window's start, an ISO 8601 instant; wins over `lookbackS`. */
  start: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 instant, e.g. 2026-12-01T00:00:00Z' }).optional(),
  lookbackS: z.number().int().min(0).default(3600),
});

/** An origin pagination may lead to: `https://host[:port]`, nothing after it. */
const origin = z
  .string()
  .transform((text, ctx) => {
    try {
      const url = new URL(text);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text.replace(/\/$/, '')) return url.origin;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: `"${text}" is not an origin; write it as https://host or https://host:port` });
    return z.NEVER;
  });

/** Largest MAX_BODY_BYTES: a body is held as one string, and V8's strings stop near 512 MiB. */
export const MAX_BODY_LIMIT = 256 * 1024 * 1024;

const duration = (max: number) => z.number().int('must be a whole number of ms').min(1).max(max);

/** One polled endpoint; ENDPOINTS is a JSON list of these, the POLL_* variables describe one. */
const endpointFields = z.object({
  /** Stream id (the Kafka key) and the key of its saved state. */
  name: z
    .string()
    .min(1)
    .regex(/^[^\s]+$/, 'must be one word, e.g. "weather-london"')
    .refine((name) => !name.startsWith('__quix_connectors_'), 'must not start with __quix_connectors_ (the runtime keeps its own state under such keys)'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  query: z.record(z.string(), z.string()).default({}),
  /** Sent as is, except `{{cursor}}`, `{{page}}`, `{{offset}}`, `{{since}}` and `{{until}}` (see body-template.ts). */
  body: z.string().optional(),
  /** Content-Type of the body; default application/json (unless `headers` set one). */
  contentType: z.string().min(1).optional(),
  auth: auth.default({ type: 'none' }),
  intervalMs: duration(parse.MAX_DURATION_MS).default(4000),
  timeoutMs: duration(3_600_000).default(10_000),
  maxBodyBytes: z.number().int().positive().max(MAX_BODY_LIMIT).default(10 * 1024 * 1024),
  maxRetries: z.number().int().min(0).default(3),
  recordsPath: z.string().optional(),
  timestampField: z.string().min(1).optional(),
  tagFields: z.array(z.string().min(1)).default([]),
  idField: z.string().min(1).optional(),
  pagination: pagination.default({ type: 'none' }),
  window: timeWindow.optional(),
  maxPages: z.number().int().positive().default(10),
  /** Other origins pagination links may lead to (the endpoint's own is always allowed); credentials never go there. */
  allowedOrigins: z.array(origin).default([]),
});

/**
 * An endpoint as polled. Credentials in the URL (`https://user:pass@host/...`) become basic auth
 * (when no other auth is set) and leave the URL, so they are never logged with it.
 */
export const endpointSchema = endpointFields
  .superRefine((e, ctx) => {
    for (const problem of templateProblems(e)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  })
  .transform((e, ctx) => {
    const url = new URL(e.url);
    if (url.username === '' && url.password === '') return e;
    if (e.auth.type !== 'none') {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'has a user name or password in it and auth is set too; keep one' });
      return z.NEVER;
    }
    const auth = { type: 'basic' as const, username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
    url.username = '';
    url.password = '';
    return { ...e, url: url.toString(), auth };
  });

export type EndpointInput = z.input<typeof endpointSchema>;
export type Endpoint = z.output<typeof endpointSchema>;
export type Pagination = Endpoint['pagination'];
export type Auth = Endpoint['auth'];
export type OAuth2Auth = Extract<Auth, { type: 'oauth2' }>;
export type TimeWindow = NonNullable<Endpoint['window']>;
