import { parse, variable } from '@quix-connectors/config';
import { baseVariables } from '@quix-connectors/service';
import { z } from 'zod';
import { rulesSchema } from './rules-config.js';

const fieldList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0).join(','));

export const OUTPUT_MODES = ['rows', 'events', 'both'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

export const DEFAULT_TWEET_FIELDS = 'author_id,created_at,public_metrics,lang';
export const DEFAULT_EXPANSIONS = 'author_id';
export const DEFAULT_USER_FIELDS = 'username';

/** Everything twitter-source reads from the environment. */
export const twitterSourceVariables = {
  ...baseVariables({ topic: 'twitter-data', port: 8080, bufferTimeSpanMs: 100 }),
  bearerToken: variable('BEARER_TOKEN', parse.text(), {
    description: 'App bearer token of the X developer app (developer.x.com > your app > Keys and tokens).',
    secret: true,
  }),
  apiBaseUrl: variable('X_API_BASE_URL', parse.url().default('https://api.x.com'), {
    description: 'Base URL of the X API: point it at a proxy or at the local stand-in (`npm run x-api-stand-in`).',
    defaultValue: 'https://api.x.com',
  }),
  rules: variable('TWITTER_RULES', rulesSchema(), {
    description:
      'Filtered-stream rules: a JSON list of {"value","tag"}, or one query string. They are validated (dry run), then missing ones are added and stale ones deleted. Unset: rules are left as they are.',
  }),
  keepUndeclaredRules: variable('KEEP_UNDECLARED_RULES', parse.booleanFlag().default(false), {
    description: 'Keep rules on the account that TWITTER_RULES does not declare (e.g. shared with another app) instead of deleting them.',
    defaultValue: 'false',
  }),
  tweetFields: variable('TWEET_FIELDS', fieldList(DEFAULT_TWEET_FIELDS), {
    description: 'The stream\'s `tweet.fields`, comma-separated.',
    defaultValue: DEFAULT_TWEET_FIELDS,
  }),
  expansions: variable('EXPANSIONS', fieldList(DEFAULT_EXPANSIONS), {
    description: 'The stream\'s `expansions` (author_id gives the author\'s username).',
    defaultValue: DEFAULT_EXPANSIONS,
  }),
  userFields: variable('USER_FIELDS', fieldList(DEFAULT_USER_FIELDS), {
    description: 'The stream\'s `user.fields`.',
    defaultValue: DEFAULT_USER_FIELDS,
  }),
  outputMode: variable('OUTPUT_MODE', parse.oneOf(OUTPUT_MODES).default('rows'), {
    description: 'rows: one time series row per post; events: one event per post with the raw JSON; both.',
    defaultValue: 'rows',
  }),
  streamId: variable('STREAM_ID', parse.text().default('twitter-stream'), {
    description: 'Stream id (the Kafka message key).',
    defaultValue: 'twitter-stream',
  }),
  queueCapacity: variable('QUEUE_CAPACITY', parse.positiveInt().default(100_000), {
    description: 'Posts held between reading the stream and Kafka\'s ack. When full, reading pauses (logged and counted), nothing is dropped.',
    defaultValue: '100000',
  }),
  stallTimeoutMs: variable('STALL_TIMEOUT_MS', parse.durationMs({ min: 1000, max: 600_000 }).default(20_000), {
    description: "X's keep-alive interval: X sends a keep-alive every 20 s and asks clients to reconnect after 20 s of silence. The reader allows STALL_MARGIN_MS on top for network jitter.",
    defaultValue: '20000',
  }),
  stallMarginMs: variable('STALL_MARGIN_MS', parse.durationMs({ max: 600_000 }).default(10_000), {
    description: 'Jitter allowed on top of STALL_TIMEOUT_MS before a silent stream counts as stalled and is reconnected: a keep-alive a little late must not cost a reconnect (and the posts matched while reconnecting).',
    defaultValue: '10000',
  }),
  maxLineBytes: variable('MAX_LINE_BYTES', parse.positiveInt().max(256 * 1024 * 1024).default(4 * 1024 * 1024), {
    description: 'Longest stream line (one post with its expansions) kept, bytes. Posts with expansions are a few KB; a longer line is dropped as it arrives (memory stays bounded) and reported under BAD_RECORD_POLICY.',
    defaultValue: '4194304',
  }),
  usageCapRetryMs: variable('USAGE_CAP_RETRY_MS', parse.durationMs({ min: 60_000, max: 86_400_000 }).default(3_600_000), {
    description:
      "Wait before connecting again once X says the account's monthly usage cap is reached or its credits are used up (a 429 usage-capped, a 402, or such an error in the stream). Not a rate limit: backing off a minute does not help. Meanwhile /readyz answers 503 (x-usage-capped) and twitter_usage_capped is 1.",
    defaultValue: '3600000',
  }),
  resetConnections: variable('RESET_CONNECTIONS', parse.booleanFlag().default(false), {
    description: 'Call DELETE /2/connections/all before connecting, freeing a connection X still holds open after a crash.',
    defaultValue: 'false',
  }),
};

/** Silence after which the reader reconnects: X's keep-alive interval plus the jitter margin. */
export const stallAfterMs = (config: { stallTimeoutMs: number; stallMarginMs: number }) => config.stallTimeoutMs + config.stallMarginMs;
