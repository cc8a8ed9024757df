import type { StreamPost } from '../app/post-format.js';

/** A realistic post as the stream sends it with the default fields, numbered `n`. */
export function samplePost(n: number, rules: { id: string; tag?: string }[] = [{ id: '1', tag: 'cats' }]): StreamPost & { data: { edit_history_tweet_ids: string[] } } {
  const id = String(1_800_000_000_000_000_000n + BigInt(n));
  const author = String(1000 + (n % 50));
  return {
    data: {
      id,
      edit_history_tweet_ids: [id],
      text: `post ${n}: cats 🐈 "quoted", ünïcødé\nand a second line`,
      author_id: author,
      created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, n % 1000) + n * 1000).toISOString(),
      lang: n % 3 === 0 ? 'de' : 'en',
      public_metrics: { retweet_count: n % 7, reply_count: n % 5, like_count: n * 3, quote_count: 0, bookmark_count: 1, impression_count: n * 11 },
    },
    includes: { users: [{ id: author, username: `user_${author}` }] },
    matching_rules: rules,
  };
}
