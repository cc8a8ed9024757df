import { QuixProducer, type BadRecord } from '@quix-connectors/quix-producer';
import { Readiness } from '@quix-connectors/service';
import { kafkaSinkFor } from '@quix-connectors/quix-producer/testing';
import { createTestTopic, parseJsonExact, readAll, testBrokers } from '@quix-connectors/testing';
import pino from 'pino';
import { Registry } from 'prom-client';
import { FakeClock } from '../stand-in/fake-clock.js';
import { samplePost } from '../stand-in/sample-posts.js';
import { CREDITS_DEPLETED, TOO_MANY_CONNECTIONS, USAGE_CAPPED, XApiStandIn } from '../stand-in/x-api-stand-in.js';
import { startTwitterSource, type TwitterSourceOptions } from './twitter-source.js';
import type { OutputMode } from './twitter-variables.js';

// The app against the X API stand-in and the real broker, on a fake clock: every disconnection
// the docs describe, the waits chosen for each, and every post sent read back exactly once.

const logger = pino({ level: 'silent' });
const TOKEN = 'test-token';
const posts = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => samplePost(from + i));

async function metric(registry: Registry, name: string): Promise<number> {
  const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return values.reduce((n, v) => n + v.value, 0);
}

/** Messages in the topic by its offsets: what the broker holds, whatever a reader makes of it. */
async function messageCount(topic: string): Promise<number> {
  return (await readAll(testBrokers(), topic, { idleMs: 10_000 })).length;
}

async function until(condition: () => boolean | Promise<boolean>, onEachTry: () => void = () => undefined): Promise<void> {
  while (!(await condition())) {
    onEachTry();
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function setup(mode: OutputMode, standIn: XApiStandIn, overrides: Partial<TwitterSourceOptions> = {}) {
  const topic = await createTestTopic(testBrokers(), { prefix: `twitter-${mode}` });
  const producer = new QuixProducer({
    sink: kafkaSinkFor(testBrokers(), { clientId: 'twitter-test', createTopics: false, connectTimeoutMs: 10_000 }),
    topic,
    format: 'json',
    maxMessageBytes: 100_000, // several produce calls per batch
    maxPendingBytes: 4_000_000,
    buffer: { timeSpanMs: 50, maxRows: 1000 },
  });
  await producer.connect();
  const clock = new FakeClock();
  const registry = new Registry();
  const fatal: Error[] = [];
  const bad: BadRecord[] = [];
  const source = await startTwitterSource({
    producer,
    logger,
    metrics: registry,
    apiBaseUrl: await standIn.start(),
    bearerToken: TOKEN,
    userAgent: 'twitter-source-test/1',
    rules: [{ value: 'cats has:images', tag: 'cats' }],
    keepUndeclaredRules: false,
    query: { tweetFields: 'author_id,created_at,public_metrics,lang', expansions: 'author_id', userFields: 'username' },
    outputMode: mode,
    streamId: 'twitter-test',
    queueCapacity: 300,
    stallTimeoutMs: 20_000,
    resetConnections: false,
    usageCapRetryMs: 3_600_000,
    readiness: { set: () => undefined },
    maxLineBytes: 1024 * 1024,
    badRecords: { report: (b) => void bad.push(b) },
    clock,
    onFatal: (err) => fatal.push(err),
    ...overrides,
  }).catch(async (err: unknown) => {
    await producer.close();
    throw err;
  });
  return { topic, producer, clock, registry, fatal, bad, source };
}

describe('twitter-source against the X API stand-in and the real broker', () => {
  let standIn: XApiStandIn;
  afterEach(async () => standIn.stop());

  it.each<OutputMode>(['rows', 'events', 'both'])('survives every kind of disconnection with the documented waits, and publishes each post exactly once (%s)', async (mode) => {
    standIn = new XApiStandIn({
      bearerToken: TOKEN,
      connections: [
        { steps: [{ posts: posts(0, 5) }, { keepAlive: 2 }, { split: samplePost(5) }, { posts: posts(6, 10) }, { stall: true }] },
        { status: 429, body: TOO_MANY_CONNECTIONS },
        { status: 503, body: { title: 'Service Unavailable' } },
        { status: 503, body: { title: 'Service Unavailable' } },
        { steps: [{ posts: posts(10, 20) }, { cut: true }] },
        { steps: [{ generate: { from: 20, count: 1000, perWrite: 37 } }, { operationalDisconnect: true }] },
        { reset: true },
        { status: 429, body: { title: 'Too Many Requests' } },
        { status: 429, body: { title: 'Too Many Requests' } },
        { steps: [{ posts: posts(1020, 1030) }, { end: true }] },
        { steps: [{ keepAlive: 1 }, { stall: true }] },
      ],
    });
    const { topic, producer, clock, registry, fatal, source } = await setup(mode, standIn);

    await until(async () => (await metric(registry, 'twitter_posts_received_total')) >= 10);
    await until(() => standIn.connectionCount >= 2, () => clock.advance(20_000)); // the first connection stalls
    await until(() => standIn.connectionCount >= 11);
    await until(async () => (await metric(registry, 'twitter_posts_published_total')) >= 1030);
    await source.close();
    await producer.close();

    expect(fatal).toEqual([]);
    // 429 from 60 s doubling, HTTP errors from 5 s doubling, network errors +250 ms; at once after
    // an established connection dropped (stall, cut, operational-disconnect, end): no wait at all.
    expect(clock.sleeps).toEqual([60_000, 5_000, 10_000, 250, 60_000, 120_000]);
    const reconnects = ((await registry.getSingleMetric('twitter_reconnects_total')?.get())?.values ?? []).filter((v) => v.value > 0);
    expect(Object.fromEntries(reconnects.map((v) => [v.labels['reason'], v.value]))).toEqual({
      stall: 1, 'too-many-connections': 1, http: 2, cut: 1, 'operational-disconnect': 1, network: 1, 'rate-limited': 2, closed: 1,
    });

    const sent = posts(0, 1030).map((p) => p.data.id);
    const expectedMessages = mode === 'both' ? 2 * sent.length : sent.length;
    expect(await messageCount(topic)).toBe(expectedMessages); // json: one message per row or event
    const values = (await readAll(testBrokers(), topic, { idleMs: 60_000 })).map((m) => parseJsonExact(m.value.toString()) as Record<string, unknown>);
    const rows = values.filter((v) => 'id' in v);
    const events = values.filter((v) => 'Id' in v || 'Value' in v);
    if (mode !== 'events') expect(rows.map((r) => r['id'])).toEqual(sent);
    if (mode !== 'rows') expect(events.map((e) => (JSON.parse(e['Value'] as string) as { data: { id: string } }).data.id)).toEqual(sent);
    expect(rows.length + events.length).toBe(values.length);
    if (mode !== 'events') {
      const p = samplePost(5);
      expect(rows[5]).toEqual({
        Timestamp: BigInt(Date.parse(p.data.created_at ?? '')) * 1_000_000n,
        id: p.data.id, text: p.data.text, author_id: p.data.author_id, author_username: `user_${p.data.author_id}`, lang: p.data.lang,
        retweet_count: 5, reply_count: 0, like_count: 15, quote_count: 0, impression_count: 55,
        Tags: { rule_tags: 'cats', rule_ids: '1' },
      });
    }
  });

  it('reconciles the rules first: validates with dry_run, then deletes the stale and adds the missing; the stream carries our User-Agent and fields', async () => {
    standIn = new XApiStandIn({ bearerToken: TOKEN, connections: [{ steps: [{ posts: posts(0, 3) }, { stall: true }] }] });
    standIn.seedRule('cats has:images', 'cats');
    standIn.seedRule('dogs', 'old');
    const { producer, registry, source } = await setup('rows', standIn, {
      rules: [{ value: 'cats has:images', tag: 'cats' }, { value: 'dogs', tag: 'new' }],
    });
    await until(async () => (await metric(registry, 'twitter_posts_published_total')) >= 3);
    await source.close();
    await producer.close();
    const ruleCalls = standIn.calls.filter((c) => c.path.endsWith('/rules')).map((c) => ({ method: c.method, query: c.query, body: c.body }));
    expect(ruleCalls).toEqual([
      { method: 'GET', query: {}, body: undefined },
      { method: 'POST', query: { dry_run: 'true' }, body: { add: [{ value: 'dogs', tag: 'new' }] } },
      { method: 'POST', query: {}, body: { delete: { ids: [expect.any(String)] } } },
      { method: 'POST', query: {}, body: { add: [{ value: 'dogs', tag: 'new' }] } },
    ]);
    expect([...standIn.rules.values()].map((r) => [r.value, r.tag]).sort()).toEqual([['cats has:images', 'cats'], ['dogs', 'new']]);
    const stream = standIn.calls.find((c) => c.path === '/2/tweets/search/stream');
    expect(stream?.userAgent).toBe('twitter-source-test/1');
    expect(stream?.query).toEqual({ 'tweet.fields': 'author_id,created_at,public_metrics,lang', expansions: 'author_id', 'user.fields': 'username' });
  });

  it('does not start when X rejects a declared rule, naming X\'s reasons, and changes nothing', async () => {
    standIn = new XApiStandIn({ bearerToken: TOKEN });
    standIn.seedRule('old rule', 'old');
    await expect(setup('rows', standIn, { rules: [{ value: '(cats OR dogs', tag: 'a' }, { value: 'bogus:op', tag: 'b' }, { value: 'fine' }] })).rejects.toThrow(
      /X rejected 2 rule\(s\)[\s\S]*\(cats OR dogs: UnprocessableEntity: Rules must contain balanced parentheses[\s\S]*bogus:op: .*invalid operator 'bogus'/,
    );
    expect(standIn.calls.filter((c) => c.method === 'POST').every((c) => c.query['dry_run'] === 'true')).toBe(true);
    expect([...standIn.rules.values()].map((r) => r.value)).toEqual(['old rule']);
  });

  it('reports each line that cannot become a post (where and why) and publishes every good post around them', async () => {
    const good = samplePost(0);
    const malformed = [
      { ...good, data: 'not an object' },
      { ...good, data: { ...good.data, text: 42 } },
      { ...good, data: { ...good.data, public_metrics: { like_count: 'many' } } },
      { ...good, data: { ...good.data, public_metrics: 7 } },
      { ...good, includes: { users: 'nobody' } },
      { ...good, includes: { users: [null] } },
      { ...good, matching_rules: { id: 1 } },
      { ...good, data: { ...good.data, id: 12345 } },
    ].map((p) => JSON.stringify(p));
    const lines = [...malformed, 'not json at all', `{"data":{"id":"9","text":"${'x'.repeat(5 * 1024 * 1024)}"}}`];
    standIn = new XApiStandIn({ bearerToken: TOKEN, connections: [{ steps: [{ posts: posts(0, 3) }, { lines }, { posts: posts(3, 6) }, { stall: true }] }] });
    const { topic, producer, registry, fatal, bad, source } = await setup('both', standIn, { rules: undefined });
    await until(async () => (await metric(registry, 'twitter_posts_published_total')) >= 6);
    await source.close(); // a clean stop: nothing is stuck in a retry loop
    await producer.close();

    expect(fatal).toEqual([]);
    expect(bad.map((b) => b.code)).toEqual([...malformed.map(() => 'NOT_A_POST'), 'NOT_JSON', 'LINE_TOO_LONG']);
    expect(bad.map((b) => b.where['line'])).toEqual(Array.from({ length: 10 }, (_, i) => 4 + i));
    expect(bad[1]?.reason).toMatch(/data\.text is a number, not a string/);
    expect(bad[0]?.raw).toBe(malformed[0]);
    expect(bad[9]).toMatchObject({ rawTruncated: true });
    const values = (await readAll(testBrokers(), topic, { idleMs: 10_000 })).map((m) => parseJsonExact(m.value.toString()) as Record<string, unknown>);
    expect(values.filter((v) => 'id' in v).map((r) => r['id'])).toEqual(posts(0, 6).map((p) => p.data.id));
  });

  it('waits USAGE_CAP_RETRY_MS, not the rate-limit backoff, while X says the usage cap is reached, not ready meanwhile', async () => {
    const inStream = JSON.stringify({ errors: [{ ...USAGE_CAPPED, detail: 'Usage cap exceeded while streaming' }] });
    standIn = new XApiStandIn({
      bearerToken: TOKEN,
      connections: [
        { status: 429, body: USAGE_CAPPED }, // at connect
        { steps: [{ posts: posts(0, 2) }, { lines: [inStream] }, { stall: true }] }, // inside an open stream
        { steps: [{ posts: posts(2, 4) }, { stall: true }] }, // the cap reset
      ],
    });
    const readiness = new Readiness(() => ({ ready: true, reasons: [] }));
    const seen: string[] = []; // the /readyz reasons at each change
    const recording = { set: (reason: string, active: boolean) => (readiness.set(reason, active), void seen.push(readiness.now().reasons.join(',') || 'ready')) };
    const { producer, clock, registry, fatal, source } = await setup('rows', standIn, { rules: undefined, usageCapRetryMs: 7_200_000, readiness: recording });
    await until(async () => (await metric(registry, 'twitter_posts_published_total')) >= 4);
    await source.close();
    await producer.close();

    expect(fatal).toEqual([]);
    // the configured wait each time, never the rate limit's 60 s doubling
    expect(clock.sleeps).toEqual([7_200_000, 7_200_000]);
    expect(standIn.connectionCount).toBe(3);
    expect(seen).toEqual(['x-usage-capped', 'ready', 'x-usage-capped', 'ready']);
    expect(await metric(registry, 'twitter_usage_capped')).toBe(0);
    const reconnects = (await registry.getSingleMetric('twitter_reconnects_total')?.get())?.values ?? [];
    expect(reconnects.filter((v) => v.value > 0).map((v) => [v.labels['reason'], v.value])).toEqual([['usage-capped', 2]]);
  });

  it('treats a 402 and a stream ended by an out-of-credits error as capped: the alert, twitter_usage_capped 1 while waiting and 0 once connected, no 401-style stop', async () => {
    const inStream = JSON.stringify({ errors: [{ ...CREDITS_DEPLETED, detail: 'Your credits are depleted' }] });
    standIn = new XApiStandIn({
      bearerToken: TOKEN,
      connections: [
        { status: 402, body: CREDITS_DEPLETED }, // at connect
        { steps: [{ posts: posts(0, 2) }, { lines: [inStream] }, { posts: posts(90, 91) }, { stall: true }] }, // inside an open stream
        { steps: [{ posts: posts(2, 4) }, { stall: true }] }, // credits were added
      ],
    });
    const logs: { level: number; msg: string; reason?: string; waitMs?: number }[] = [];
    const captured = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    const registry = new Registry();
    const cappedWhileWaiting: number[] = [];
    const clock = new FakeClock();
    const sleep = clock.sleep.bind(clock);
    clock.sleep = async (ms: number) => {
      cappedWhileWaiting.push(await metric(registry, 'twitter_usage_capped'));
      return sleep(ms);
    };
    const { topic, producer, fatal, source } = await setup('rows', standIn, { rules: undefined, usageCapRetryMs: 5_400_000, logger: captured, metrics: registry, clock });
    await until(async () => (await metric(registry, 'twitter_posts_published_total')) >= 4);
    const afterRecovery = await metric(registry, 'twitter_usage_capped');
    await source.close();
    await producer.close();

    expect(fatal).toEqual([]);
    expect(clock.sleeps).toEqual([5_400_000, 5_400_000]);
    expect(cappedWhileWaiting).toEqual([1, 1]);
    expect(afterRecovery).toBe(0);
    const alerts = logs.filter((l) => l.msg.startsWith('ALERT'));
    expect(alerts.map((l) => [l.level, l.reason, l.waitMs])).toEqual([[50, 'usage-capped', 5_400_000], [50, 'usage-capped', 5_400_000]]);
    expect(alerts[0]?.msg).toMatch(/usage cap is reached or its credits are used up: no posts until .* trying again in 5400000 ms \(USAGE_CAP_RETRY_MS\)/);
    // each post once; the line after X's error is not read: X ended the stream there
    const ids = (await readAll(testBrokers(), topic, { idleMs: 10_000 })).map((m) => (parseJsonExact(m.value.toString()) as { id: string }).id);
    expect(ids).toEqual(posts(0, 4).map((p) => p.data.id));
  });

  it('stops for good on 401 from the stream, with a message that says what to fix', async () => {
    standIn = new XApiStandIn({ bearerToken: TOKEN, connections: [{ status: 401, body: { title: 'Unauthorized' } }] });
    const { producer, clock, fatal, source } = await setup('rows', standIn, { rules: undefined });
    await until(() => fatal.length > 0);
    expect(fatal[0].message).toMatch(/401 Unauthorized: BEARER_TOKEN is wrong or revoked/);
    expect(clock.sleeps).toEqual([]);
    expect(standIn.connectionCount).toBe(1);
    await source.close();
    await producer.close();
  });
});
