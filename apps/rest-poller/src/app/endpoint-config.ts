import { parse } from '@quix-connectors/config';
import { z } from 'zod';

const auth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('bearer'), token: z.string().min(1, 'a bearer token is required') }),
  z.object({ type: z.literal('basic'), username: z.string().min(1, 'a user name is required'), password: z.string() }),
  z.object({
    type: z.literal('api-key'),
    key: z.string().min(1, 'an API key is required'),
    header: z.string().min(1).default('X-API-Key'),
  }),
]);

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
  }),
  /** Query parameter `param` counts pages from `start`; stops at an empty or short page. */
  z.object({
    type: z.literal('page'),
    param: z.string().min(1).default('page'),
    start: z.number().int().min(0).default(1),
    pageSize: z.number().int().positive().optional(),
  }),
  /** Query parameter `param` counts records from `start` in steps of `pageSize`. */
  z.object({
    type: z.literal('offset'),
    param: z.string().min(1).default('offset'),
    start: z.number().int().min(0).default(0),
    pageSize: z.number().int().positive('the page size is required for offset pagination'),
  }),
]);

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
  body: z.string().optional(),
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
  maxPages: z.number().int().positive().default(10),
  /** Other origins pagination links may lead to (the endpoint's own is always allowed); credentials never go there. */
  allowedOrigins: z.array(origin).default([]),
});

/**
 * An endpoint as polled. Credentials in the URL (`https://user:pass@host/...`) become basic auth
 * (when no other auth is set) and leave the URL, so they are never logged with it.
 */
export const endpointSchema = endpointFields.transform((e, ctx) => {
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
