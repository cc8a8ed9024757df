import { nanosFromMillis, type EventRecord, type TimeseriesRow } from '@quix-connectors/message-schema';

/** A post as the stream delivers it (the fields twitter-source reads; the rest is kept in raw). */
export interface StreamPost {
  data: {
    id: string;
    text?: string;
    author_id?: string;
    created_at?: string;
    lang?: string;
    public_metrics?: Record<string, number>;
  };
  includes?: { users?: { id: string; username?: string }[] };
  matching_rules?: { id: string | number; tag?: string }[];
}

/** A post read from the stream: the parsed JSON, its raw line, and when it arrived (ms). */
export interface ReceivedPost {
  post: StreamPost;
  raw: string;
  receivedAtMs: number;
}

export const METRIC_NAMES = ['retweet_count', 'reply_count', 'like_count', 'quote_count', 'impression_count'] as const;

function timestampOf(received: ReceivedPost): bigint {
  const created = received.post.data.created_at;
  const ms = created === undefined ? NaN : Date.parse(created);
  return nanosFromMillis(Number.isNaN(ms) ? Math.trunc(received.receivedAtMs) : ms);
}

/** `rule_tags` and `rule_ids`: the matching rules, comma-joined (Quix tags are string to string). */
export function ruleTags(post: StreamPost): Record<string, string> {
  // Joined in a loop: this runs for every post, and most posts match one rule.
  const rules = post.matching_rules ?? [];
  let tags = '';
  let ids = '';
  for (let i = 0; i < rules.length; i++) {
    const separator = i === 0 ? '' : ',';
    tags += separator + (rules[i].tag ?? '');
    ids += separator + String(rules[i].id);
  }
  return { rule_tags: tags, rule_ids: ids };
}

/** One row per post, at created_at (or the receipt time). */
export function postToRow(received: ReceivedPost): TimeseriesRow {
  const { data, includes } = received.post;
  const author = data.author_id === undefined ? undefined : includes?.users?.find((u) => u.id === data.author_id);
  const strings: Record<string, string | null> = {
    id: data.id,
    text: data.text ?? null,
    author_id: data.author_id ?? null,
    author_username: author?.username ?? null,
    lang: data.lang ?? null,
  };
  const numeric: Record<string, number> = {};
  for (const name of METRIC_NAMES) {
    const value = data.public_metrics?.[name];
    if (typeof value === 'number') numeric[name] = value;
  }
  return { timestamp: timestampOf(received), strings, numeric, tags: ruleTags(received.post) };
}

/** One `post` event per post, its value the raw JSON line as X sent it. */
export function postToEvent(received: ReceivedPost): EventRecord {
  return { id: 'post', value: received.raw, timestamp: timestampOf(received), tags: ruleTags(received.post) };
}
