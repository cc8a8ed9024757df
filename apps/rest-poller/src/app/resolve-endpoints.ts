import { ConfigError, type ConfigOf, type ConfigProblem, type CrossCheck } from '@quix-connectors/config';
import { z } from 'zod';
import { endpointSchema, type Endpoint, type EndpointInput } from './endpoint-config.js';
import { restPollerVariables } from './rest-variables.js';

export type RestPollerConfig = ConfigOf<typeof restPollerVariables>;

/** Which variable a single-endpoint field comes from, to name it in problems. */
const FIELD_VARIABLES: Record<string, string> = {
  name: 'STREAM_ID',
  url: 'POLL_URL',
  method: 'POLL_METHOD',
  headers: 'POLL_HEADERS',
  query: 'POLL_QUERY',
  body: 'POLL_BODY',
  contentType: 'POLL_CONTENT_TYPE',
  intervalMs: 'POLL_INTERVAL_MS',
  timeoutMs: 'REQUEST_TIMEOUT_MS',
  maxBodyBytes: 'MAX_BODY_BYTES',
  maxRetries: 'MAX_RETRIES',
  recordsPath: 'RECORDS_PATH',
  timestampField: 'TIMESTAMP_FIELD',
  tagFields: 'TAG_FIELDS',
  idField: 'ID_FIELD',
  auth: 'AUTH_*',
  pagination: 'PAGINATION_*',
  maxPages: 'MAX_PAGES',
  allowedOrigins: 'PAGINATION_ALLOWED_ORIGINS',
  window: 'WINDOW_*',
};

/** The variables of nested fields, where one variable sets the field. */
const NESTED_VARIABLES: Record<string, string> = {
  'auth.tokenUrl': restPollerVariables.authTokenUrl.name,
  'auth.clientId': restPollerVariables.authClientId.name,
  'auth.clientSecret': restPollerVariables.authClientSecret.name,
  'auth.params': restPollerVariables.authTokenParams.name,
  'pagination.in': restPollerVariables.paginationIn.name,
  'window.in': restPollerVariables.windowIn.name,
  'window.start': restPollerVariables.windowStart.name,
};

/** OAuth2's variables, which mean nothing unless AUTH_TYPE=oauth2. */
const OAUTH2_VARIABLES = ['authTokenUrl', 'authClientId', 'authClientSecret', 'authScope', 'authAudience', 'authTokenParams'] as const;

/**
 * The endpoint settings, checked at start with every other variable (a cross check), so a bad
 * endpoint is listed with every other problem before anything connects.
 */
export const endpointsCheck: CrossCheck<RestPollerConfig> = (config) => {
  try {
    resolveEndpoints(readableConfig(config));
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
};

/**
 * The config with every invalid variable read as unset. Reading one throws in a cross check (the
 * check would be skipped), yet a bad POLL_INTERVAL_MS must not hide a bad POLL_URL: the invalid
 * one is listed already, and problems about it are dropped by loadConfig.
 */
function readableConfig(config: RestPollerConfig): RestPollerConfig {
  const readable: Record<string, unknown> = {};
  for (const key of Object.keys(restPollerVariables)) {
    try {
      readable[key] = config[key as keyof RestPollerConfig];
    } catch {
      readable[key] = undefined;
    }
  }
  return readable as RestPollerConfig;
}

/**
 * The endpoints to poll: the ENDPOINTS list, or the one endpoint the POLL_* variables describe.
 * Throws one ConfigError listing every problem (each with the entry and field it is about).
 */
export function resolveEndpoints(config: RestPollerConfig): Endpoint[] {
  if (config.endpoints !== undefined) return fromList(config.endpoints);
  if (config.url === undefined) {
    throw new ConfigError([{ variable: 'POLL_URL', message: 'set POLL_URL (one endpoint) or ENDPOINTS (a JSON list of endpoints)' }]);
  }
  const parsed = endpointSchema.safeParse(singleEndpoint(config));
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        variable: NESTED_VARIABLES[issue.path.slice(0, 2).join('.')] ?? FIELD_VARIABLES[String(issue.path[0])] ?? String(issue.path.join('.')),
        message: `${issue.message} (${issue.path.join('.')})`,
      }));
  // A token URL or client id without AUTH_TYPE=oauth2 would be ignored: say so rather than poll without it.
  if (config.authType !== 'oauth2') {
    for (const key of OAUTH2_VARIABLES) {
      if (config[key] !== undefined) problems.push({ variable: restPollerVariables[key].name, message: `is set, but AUTH_TYPE is ${config.authType}; set AUTH_TYPE=oauth2 to use it` });
    }
  }
  if (config.windowIn === 'none' && config.windowStart !== undefined) {
    problems.push({ variable: 'WINDOW_START', message: 'is set, but WINDOW_IN is none; set WINDOW_IN=query or body to poll by time window' });
  }
  if (parsed.success && problems.length === 0) return [parsed.data];
  throw new ConfigError(problems);
}

function fromList(text: string): Endpoint[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // Not the parser's message: it quotes the text, and ENDPOINTS holds credentials.
    const at = /at position \d+/.exec((error as Error).message)?.[0];
    throw new ConfigError([{ variable: 'ENDPOINTS', message: `must be a JSON list of endpoint objects; it is not JSON${at ? ` (${at})` : ''}` }]);
  }
  const parsed = z.array(endpointSchema).min(1, 'must list at least one endpoint').safeParse(raw);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ variable: 'ENDPOINTS', message: `${issue.message} (at ${describePath(issue.path)})` }));
  if (parsed.success) {
    const seen = new Set<string>();
    for (const endpoint of parsed.data) {
      if (seen.has(endpoint.name)) problems.push({ variable: 'ENDPOINTS', message: `the name "${endpoint.name}" is used twice; names must be unique` });
      seen.add(endpoint.name);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}

function describePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'the list' : path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

function singleEndpoint(c: RestPollerConfig): EndpointInput {
  return {
    name: c.streamId ?? safeHost(c.url ?? ''),
    url: c.url ?? '',
    method: c.method,
    headers: c.headers,
    query: c.query,
    body: c.body,
    contentType: c.contentType,
    intervalMs: c.intervalMs,
    timeoutMs: c.timeoutMs,
    maxBodyBytes: c.maxBodyBytes,
    maxRetries: c.maxRetries,
    recordsPath: c.recordsPath,
    timestampField: c.timestampField,
    tagFields: c.tagFields,
    idField: c.idField,
    auth: singleAuth(c),
    pagination: singlePagination(c),
    window: singleWindow(c),
    maxPages: c.maxPages,
    allowedOrigins: c.allowedOrigins,
  } as EndpointInput;
}

function singleAuth(c: RestPollerConfig): unknown {
  switch (c.authType) {
    case 'bearer':
      return { type: 'bearer', token: c.authToken ?? '' };
    case 'basic':
      return { type: 'basic', username: c.authUsername ?? '', password: c.authPassword ?? '' };
    case 'api-key':
      return { type: 'api-key', key: c.authToken ?? '', header: c.authHeader };
    case 'oauth2':
      return defined({
        type: 'oauth2',
        tokenUrl: c.authTokenUrl ?? '',
        clientId: c.authClientId ?? '',
        clientSecret: c.authClientSecret ?? '',
        clientAuth: c.authClientAuth,
        scope: c.authScope,
        audience: c.authAudience,
        params: c.authTokenParams,
      });
    default:
      return { type: 'none' };
  }
}

function singlePagination(c: RestPollerConfig): unknown {
  return defined({
    type: c.paginationType,
    field: c.paginationField,
    param: c.paginationParam,
    start: c.paginationStart,
    pageSize: c.paginationPageSize,
    in: c.paginationType === 'none' ? undefined : c.paginationIn,
  });
}

function singleWindow(c: RestPollerConfig): unknown {
  if (c.windowIn === 'none') return undefined;
  return defined({
    in: c.windowIn,
    sinceParam: c.windowSinceParam,
    untilParam: c.windowUntilParam,
    format: c.windowFormat,
    start: c.windowStart,
    lookbackS: c.windowLookbackS,
  });
}

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function safeHost(url: string): string {
  try {
    return new URL(url).host || 'rest';
  } catch {
    return 'rest';
  }
}
