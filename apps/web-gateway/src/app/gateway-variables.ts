import { parse, variable, type ConfigOf, type ConfigProblem } from '@quix-connectors/config';
import { baseVariables } from '@quix-connectors/service';
import { z } from 'zod';

/** One access token and what it may do: write to and/or read from these topics (`*`: any). */
export const tokenGrantSchema = z.object({
  token: z.string().min(8, 'a token must have at least 8 characters'),
  topics: z.array(z.string().min(1)).min(1),
  write: z.boolean().default(true),
  read: z.boolean().default(true),
});
export type TokenGrant = z.infer<typeof tokenGrantSchema>;

const tokenGrants = () =>
  parse.text().transform((value, ctx): TokenGrant[] => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON list like [{"token":"...","topics":["mouse"]}] (value hidden)' });
      return [];
    }
    const result = z.array(tokenGrantSchema).min(1).safeParse(parsed);
    if (result.success) return result.data;
    // Only paths and messages: the value holds secrets.
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || 'list'}: ${issue.message}` });
    return [];
  });

const list = () => parse.text().transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part.length > 0));

/** Everything web-gateway reads from the environment. */
export const gatewayVariables = {
  // Each answer waits for its ack, and concurrent clients already share produce calls: no linger.
  ...baseVariables({ topic: 'web-gateway', port: 8080, lingerMs: 0 }),
  tokens: variable('TOKENS', tokenGrants().optional(), {
    description:
      'Who may connect: a JSON list of `{"token":"...","topics":["t1","t2"],"write":true,"read":true}` (topics `*` = any; write and read default to true). Clients send `Authorization: Bearer <token>` (browsers: `?access_token=`). Needed unless ALLOW_ANONYMOUS=true.',
    secret: true,
  }),
  allowAnonymous: variable('ALLOW_ANONYMOUS', parse.booleanFlag().default(false), {
    description: 'Accept clients without a token, to read and write every topic (local trials only: anyone who can reach the port can then write).',
    defaultValue: 'false',
  }),
  dataTopic: variable('DATA_TOPIC', parse.text().optional(), {
    description: "Where `POST /data/` (the HTTP API Source's route) writes; default: OUTPUT_TOPIC.",
  }),
  basicAuthUsername: variable('BASIC_AUTH_USERNAME', parse.text().optional(), {
    description: 'With BASIC_AUTH_PASSWORD: `POST /data/` also accepts this HTTP basic login (as the HTTP API Source does).',
  }),
  basicAuthPassword: variable('BASIC_AUTH_PASSWORD', parse.text().optional(), {
    description: 'The password of BASIC_AUTH_USERNAME.',
    secret: true,
  }),
  apiKey: variable('API_KEY', parse.text().optional(), {
    description: '`POST /data/` also accepts this value in the `X-API-Key` header (as the HTTP API Source does).',
    secret: true,
  }),
  corsOrigins: variable('CORS_ORIGINS', list().default([]), {
    description: 'Comma-separated origins whose pages may call the gateway (`*`: any); empty: only pages served by the gateway itself.',
  }),
  streamIdleMs: variable('STREAM_IDLE_TIMEOUT_MS', parse.durationMs({ min: 1000 }).default(600_000), {
    description: 'A stream no client wrote to for this long is closed (its end written), as Quix closes abandoned streams.',
    defaultValue: '600000',
  }),
  publishTimeoutMs: variable('PUBLISH_TIMEOUT_MS', parse.durationMs({ max: 600_000 }).default(10_000), {
    description: 'How long a write waits for Kafka. Past it, a write not yet sent is withdrawn and answered 503 with Retry-After (it will not appear later); one already sent waits for Kafka\'s answer.',
    defaultValue: '10000',
  }),
  maxStreams: variable('MAX_STREAMS', parse.positiveInt().default(10_000), {
    description: 'Most streams open at once; creating more is refused until some close.',
    defaultValue: '10000',
  }),
  maxSubscriptions: variable('MAX_SUBSCRIPTIONS_PER_CONNECTION', parse.positiveInt().default(100), {
    description: 'Most reader subscriptions one SignalR connection may hold.',
    defaultValue: '100',
  }),
  maxConnections: variable('MAX_CONNECTIONS', parse.positiveInt().default(2000), {
    description: 'Most SignalR connections at once (HTTP connections: twice this); more are refused with 503.',
    defaultValue: '2000',
  }),
  maxBodyBytes: variable('MAX_BODY_BYTES', parse.positiveInt().default(1_048_576), {
    description: 'Largest HTTP request body, bytes; larger ones get 413.',
    defaultValue: '1048576',
  }),
  retryAfterS: variable('RETRY_AFTER_S', parse.positiveInt().default(5), {
    description: 'The Retry-After value, seconds, of 503 answers (Kafka is not keeping up or is down).',
    defaultValue: '5',
  }),
};

export type GatewayConfig = ConfigOf<typeof gatewayVariables>;

/** Combinations that are each valid alone but not together. */
export function gatewayCrossChecks(config: GatewayConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.tokens === undefined && !config.allowAnonymous) {
    problems.push({ variable: 'TOKENS', message: 'is not set: give clients tokens, or set ALLOW_ANONYMOUS=true to let anyone in (local trials)' });
  }
  if ((config.basicAuthUsername === undefined) !== (config.basicAuthPassword === undefined)) {
    problems.push({ variable: 'BASIC_AUTH_PASSWORD', message: 'BASIC_AUTH_USERNAME and BASIC_AUTH_PASSWORD are set together or not at all' });
  }
  return problems;
}

/** Every topic a token names (resolved and created at start); `*` is left out. */
export function grantedTopics(config: GatewayConfig): string[] {
  const topics = new Set<string>([config.dataTopic ?? config.topic]);
  for (const grant of config.tokens ?? []) for (const topic of grant.topics) if (topic !== '*') topics.add(topic);
  return [...topics];
}
