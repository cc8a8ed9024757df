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
  stallTimeoutMs: variable('STALL_TIMEOUT_MS', parse.positiveInt().default(20_000), {
    description: 'Reconnect when nothing, not even a keep-alive, arrived for this long.',
    defaultValue: '20000',
  }),
  resetConnections: variable('RESET_CONNECTIONS', parse.booleanFlag().default(false), {
    description: 'Call DELETE /2/connections/all before connecting, freeing a connection X still holds open after a crash.',
    defaultValue: 'false',
  }),
};
