import { nanosFromDate } from '@quix-connectors/message-schema';
import { postToEvent, postToRow } from './post-format.js';

describe('postToRow', () => {
  it('takes created_at as time, strings and public metrics as values, matching rules as comma-joined tags', () => {
    const raw = '{"data":{"id":"9"}}';
    const row = postToRow({
      raw,
      receivedAtMs: 0,
      post: {
        data: { id: '9', text: 'hi', author_id: '5', created_at: '2026-01-02T03:04:05.678Z', lang: 'en', public_metrics: { like_count: 2, retweet_count: 1, bookmark_count: 4 } },
        includes: { users: [{ id: '4', username: 'nope' }, { id: '5', username: 'alice' }] },
        matching_rules: [{ id: 11, tag: 'cats' }, { id: '12', tag: 'pets' }],
      },
    });
    expect(row).toEqual({
      timestamp: nanosFromDate(new Date('2026-01-02T03:04:05.678Z')),
      strings: { id: '9', text: 'hi', author_id: '5', author_username: 'alice', lang: 'en' },
      numeric: { retweet_count: 1, like_count: 2 },
      tags: { rule_tags: 'cats,pets', rule_ids: '11,12' },
    });
  });

  it('falls back to the receipt time, and null for what the post lacks', () => {
    const row = postToRow({ raw: '', receivedAtMs: 1_700_000_000_123, post: { data: { id: '1', created_at: 'not a date' } } });
    expect(row.timestamp).toBe(1_700_000_000_123_000_000n);
    expect(row.strings).toEqual({ id: '1', text: null, author_id: null, author_username: null, lang: null });
    expect(row.tags).toEqual({ rule_tags: '', rule_ids: '' });
  });
});

describe('postToEvent', () => {
  it('is a "post" event carrying the raw JSON line as X sent it', () => {
    const raw = '{"data":{"id":"1","created_at":"2026-01-01T00:00:00.000Z"},"matching_rules":[{"id":"3","tag":"t"}]}';
    expect(postToEvent({ raw, receivedAtMs: 0, post: JSON.parse(raw) })).toEqual({
      id: 'post',
      value: raw,
      timestamp: nanosFromDate(new Date('2026-01-01T00:00:00.000Z')),
      tags: { rule_tags: 't', rule_ids: '3' },
    });
  });
});
