import { parse, type ConfigProblem } from '@quix-connectors/config';
import { SENDER_AUTH_TYPES } from '@quix-connectors/service';
import { z } from 'zod';
import { CHALLENGE_KINDS } from './challenges.js';
import { SIGNATURE_SCHEMES } from './signature/select-verifier.js';

/** An HTTP header name (RFC 9110 token). */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const strings = z.array(z.string().min(1));

/** One entry of WEBHOOK_ROUTES: a path with its own checks and destination; what it leaves out is the top-level variable's. */
const routeEntry = z.strictObject({
  path: z.string().regex(/^\/[^?#]*$/, 'must start with / (no query)'),
  scheme: z.enum(SIGNATURE_SCHEMES).optional(),
  secrets: strings.optional(),
  signatureHeader: z.string().regex(HEADER_NAME).toLowerCase().optional(),
  signatureEncoding: z.enum(['hex', 'base64']).optional(),
  authType: z.enum(SENDER_AUTH_TYPES).optional(),
  authTokens: strings.optional(),
  authLogins: strings.optional(),
  authHeader: z.string().regex(HEADER_NAME).optional(),
  challenges: z.array(z.enum(CHALLENGE_KINDS)).optional(),
  challengeVerifyToken: z.string().min(1).optional(),
  topic: z.string().min(1).optional(),
  streamId: z.string().min(1).optional(),
  eventIdField: z.string().min(1).optional(),
  tagHeaders: strings.optional(),
  tags: z.record(z.string().min(1), z.string()).optional(),
});

export type RouteEntry = z.infer<typeof routeEntry>;

/** WEBHOOK_ROUTES: a JSON list of route entries. Problems name the entry and field, never a value. */
export const routeList = () =>
  parse.text().transform((value, ctx): RouteEntry[] => {
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON list of routes, e.g. [{"path":"/github","scheme":"github","secrets":["..."]}]' });
      return [];
    }
    const parsed = z.array(routeEntry).min(1).safeParse(json);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const [index, ...field] = issue.path;
      const where = typeof index === 'number' ? `route ${index + 1}${field.length ? ` ${field.join('.')}` : ''}` : 'the list';
      ctx.addIssue({ code: 'custom', message: `${where}: ${issue.message}` });
    }
    return [];
  });

/** Everything one webhook path needs, after the top-level variables filled what its entry left out. */
export interface WebhookRoute {
  path: string;
  scheme: (typeof SIGNATURE_SCHEMES)[number];
  secrets: readonly string[];
  signatureHeader: string;
  signatureEncoding: 'hex' | 'base64';
  authType: (typeof SENDER_AUTH_TYPES)[number];
  authTokens: readonly string[];
  authLogins: readonly string[];
  authHeader: string;
  challenges: readonly (typeof CHALLENGE_KINDS)[number][];
  challengeVerifyToken?: string;
  /** Undefined: the app's output topic. */
  topic?: string;
  streamId: string;
  eventIdField: string;
  tagHeaders: readonly string[];
  tags: Readonly<Record<string, string>>;
}

/** What a WEBHOOK_ROUTES entry leaves out: the top-level variables. */
export type RouteBase = Omit<WebhookRoute, 'tags' | 'topic'>;

/** The routes to serve: one per WEBHOOK_ROUTES entry, or the single route the top-level variables describe. */
export function resolveRoutes(base: RouteBase, entries: readonly RouteEntry[] = []): WebhookRoute[] {
  if (entries.length === 0) return [{ ...base, tags: {} }];
  return entries.map((entry) => {
    const merged = Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
    return { ...base, tags: {}, ...merged } as WebhookRoute;
  });
}

/**
 * What is wrong with one route as configured, `variable` being where it came from (the top-level
 * variables, or WEBHOOK_ROUTES for an entry). Secrets are never quoted.
 */
export function routeProblems(route: WebhookRoute, where?: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (variable: string, message: string) =>
    problems.push(where === undefined ? { variable, message } : { variable: 'WEBHOOK_ROUTES', message: `${where}: ${message}` });
  // Messages name what the user wrote: the variable, or the entry's field.
  const name = (variable: string, field: string) => (where === undefined ? variable : field);
  const authType = `${name('AUTH_TYPE', 'authType')} ${route.authType}`;
  if ((route.authType === 'bearer' || route.authType === 'api-key') && route.authTokens.length === 0) {
    add('AUTH_TOKENS', `${authType} needs at least one token (${name('AUTH_TOKENS', 'authTokens')} is not set)`);
  }
  if (route.authType === 'basic') {
    if (route.authLogins.length === 0) add('AUTH_LOGINS', `${authType} needs at least one user:password (${name('AUTH_LOGINS', 'authLogins')} is not set)`);
    else if (route.authLogins.some((login) => !login.includes(':'))) add('AUTH_LOGINS', 'each login must be user:password (value hidden)');
  }
  if (route.scheme !== 'none' && route.secrets.length === 0) {
    add('WEBHOOK_SECRETS', `${name('SIGNATURE_SCHEME', 'scheme')} ${route.scheme} needs at least one secret (${name('WEBHOOK_SECRETS', 'secrets')} is not set)`);
  }
  if (route.scheme === 'standard-webhooks') {
    for (const [i, secret] of route.secrets.entries()) {
      if (!/^(whsec_)?[A-Za-z0-9+/]+={0,2}$/.test(secret)) add('WEBHOOK_SECRETS', `secret ${i + 1} is not whsec_<base64> (value hidden)`);
    }
  }
  if (route.challenges.includes('meta') && route.challengeVerifyToken === undefined) {
    add('CHALLENGE_VERIFY_TOKEN', `the meta challenge needs a verify token (${name('CHALLENGE_VERIFY_TOKEN', 'challengeVerifyToken')} is not set)`);
  }
  if (route.challenges.includes('slack') && route.scheme !== 'slack' && route.scheme !== 'none') {
    add('SIGNATURE_SCHEME', `Slack signs its url_verification with its own scheme: the slack challenge needs ${name('SIGNATURE_SCHEME', 'scheme')} slack (not ${route.scheme})`);
  }
  return problems;
}
