import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import fc from 'fast-check';
import { BadRecords, QuixProducer } from '@quix-connectors/quix-producer';
import { kafkaSinkFor } from '@quix-connectors/quix-producer/testing';
import { createTestTopic, parseJsonExact, readAll, readWithQuixstreams, testBrokers } from '@quix-connectors/testing';
import { systemClock } from '@quix-connectors/timing';
import pino from 'pino';
import { Registry } from 'prom-client';
import { FakeClock } from '../stand-in/fake-clock.js';
import { samplePost } from '../stand-in/sample-posts.js';
import { XApiStandIn } from '../stand-in/x-api-stand-in.js';
import { startTwitterSource } from './twitter-source.js';

// Whatever X's stream carries (valid posts, posts of the wrong shape, any JSON, text, lone
// surrogates, lines over MAX_LINE_BYTES, keep-alives, \n or \r\n, cut anywhere), served by the
// stand-in to the real app publishing to the real broker: the source never stops, every good post
// is in the topic once and decodes in quixstreams, every bad line is reported where it was, and
// memory stays bounded. One case is one stream connection of many lines.
// FUZZ_RUNS=2000 npx nx test twitter-source --testPathPatterns=fuzz  runs more cases on demand.

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 80);
const MAX_LINE_BYTES = 16 * 1024; // lowered so that lines over it stay cheap in CI
const STALL_MS = 30_000;
const TOKEN = 'fuzz-token';

type Kind = 'good' | 'NOT_A_POST' | 'NOT_JSON' | 'LINE_TOO_LONG' | 'notice' | 'keep-alive';
/** One stream line and what the app must make of it; `good` lines get their id when served. */
interface Line {
  kind: Kind;
  render(id: string): string;
}

const text = fc
  .array(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 10 }), fc.constantFrom('\ud800', '\udfff', '\ud83d', '😀', '"', '\\', '\n', '\u2028')), { maxLength: 6 })
  .map((parts) => parts.join(''));
const goodPost = fc.record({ n: fc.nat({ max: 10_000 }), text, noRules: fc.boolean() });
const asGood = (g: { n: number; text: string; noRules: boolean }) => (id: string) => {
  const post = samplePost(g.n);
  return { ...post, data: { ...post.data, id, text: g.text }, ...(g.noRules ? { matching_rules: undefined } : {}) };
};

// A good post with one field the row mapping reads given the wrong shape.
const wrong = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 5 }), fc.array(fc.integer(), { maxLength: 2 }));
const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.object({ maxDepth: 1 }));
const notObject = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 5 }), fc.array(fc.integer(), { maxLength: 2 }));
type Post = ReturnType<ReturnType<typeof asGood>>;
const mutation: fc.Arbitrary<(p: Post) => unknown> = fc.oneof(
  notObject.map((v) => (p: Post) => ({ ...p, data: v })),
  fc.constant((p: Post) => ({ ...p, data: { ...p.data, id: undefined } })),
  fc.oneof(notString, fc.constant('')).map((v) => (p: Post) => ({ ...p, data: { ...p.data, id: v } })),
  fc.tuple(fc.constantFrom('text', 'author_id', 'created_at', 'lang'), notString).map(([f, v]) => (p: Post) => ({ ...p, data: { ...p.data, [f]: v } })),
  notObject.map((v) => (p: Post) => ({ ...p, data: { ...p.data, public_metrics: v } })),
  fc.oneof(fc.string(), fc.constant(null), fc.boolean(), fc.object({ maxDepth: 1 })).map((v) => (p: Post) => ({ ...p, data: { ...p.data, public_metrics: { like_count: v } } })),
  notObject.map((v) => (p: Post) => ({ ...p, includes: v })),
  wrong.filter((v) => !Array.isArray(v)).map((v) => (p: Post) => ({ ...p, includes: { users: v } })),
  wrong.map((v) => (p: Post) => ({ ...p, includes: { users: [v] } })),
  wrong.filter((v) => !Array.isArray(v)).map((v) => (p: Post) => ({ ...p, matching_rules: v })),
  fc.oneof(fc.constant(null), fc.integer(), fc.record({ id: fc.constant(null) }), fc.record({ id: fc.constant('1'), tag: fc.integer() })).map((v) => (p: Post) => ({ ...p, matching_rules: [v] })),
);
// What X's own control messages say; a line mentioning them would end the connection (by design).
const control = /usage|capped|credit|operational/i;
const plainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const line: fc.Arbitrary<Line> = fc.oneof(
  { weight: 4, arbitrary: goodPost.map((g): Line => ({ kind: 'good', render: (id) => JSON.stringify(asGood(g)(id)) })) },
  { weight: 3, arbitrary: fc.tuple(goodPost, mutation).map(([g, m]): Line => ({ kind: 'NOT_A_POST', render: (id) => JSON.stringify(m(asGood(g)(id))) })) },
  {
    weight: 2,
    arbitrary: fc
      .jsonValue({ maxDepth: 3 })
      .map((v) => JSON.stringify(v))
      .filter((s) => s !== undefined && !control.test(s))
      .map((s): Line => {
        const v: unknown = JSON.parse(s);
        // An object with neither data nor errors is not a post either; errors alone are X's notices.
        const kind = !plainObject(v) ? 'NOT_JSON' : 'data' in v ? 'NOT_A_POST' : 'errors' in v ? (Array.isArray(v['errors']) ? 'notice' : 'NOT_A_POST') : 'NOT_A_POST';
        return { kind, render: () => s };
      }),
  },
  {
    weight: 2,
    arbitrary: fc
      .string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('{', '}', '"', ':')), maxLength: 80 })
      .map((s) => s.replace(/[\r\n]/g, ''))
      .filter((s) => s.trim() !== '' && !control.test(s) && isNotJson(s))
      .map((s): Line => ({ kind: 'NOT_JSON', render: () => s })),
  },
  {
    weight: 1,
    arbitrary: fc.record({ title: fc.string({ maxLength: 20 }), detail: fc.string({ maxLength: 40 }) }).filter((e) => !control.test(e.title + e.detail)).map((e): Line => ({ kind: 'notice', render: () => JSON.stringify({ errors: [{ ...e, type: 'https://api.x.com/2/problems/fuzz' }] }) })),
  },
  {
    weight: 1,
    arbitrary: fc.nat({ max: 3 * MAX_LINE_BYTES }).map((extra): Line => ({ kind: 'LINE_TOO_LONG', render: (id) => JSON.stringify({ data: { id, text: 'x'.repeat(MAX_LINE_BYTES + extra) } }) })),
  },
  {
    // At the limit: a post of exactly MAX_LINE_BYTES is published, one byte more is reported.
    weight: 1,
    arbitrary: fc.tuple(fc.nat({ max: 10_000 }), fc.boolean()).map(([n, over]): Line => ({ kind: over ? 'LINE_TOO_LONG' : 'good', render: (id) => postOfBytes(n, id, MAX_LINE_BYTES + (over ? 1 : 0)) })),
  },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', '\t').map((s): Line => ({ kind: 'keep-alive', render: () => s })) },
);
// Each connection also carries one line of 0.25 to 1 MB, so that what is served adds up to far
// more than the heap may grow: a line kept instead of dropped would show.
const connection = fc.record({
  lines: fc.array(line, { maxLength: 30 }),
  hugeAt: fc.nat({ max: 30 }),
  hugeBytes: fc.integer({ min: 16 * MAX_LINE_BYTES, max: 64 * MAX_LINE_BYTES }),
  crlf: fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }),
  cuts: fc.array(fc.nat(), { maxLength: 8 }),
});

/** A sample post whose JSON is `bytes` long, its text padded to fit. */
function postOfBytes(n: number, id: string, bytes: number): string {
  const post = samplePost(n);
  const bare = JSON.stringify({ ...post, data: { ...post.data, id, text: '' } });
  return JSON.stringify({ ...post, data: { ...post.data, id, text: 'x'.repeat(bytes - Buffer.byteLength(bare)) } });
}

function isNotJson(s: string): boolean {
  try {
    return !plainObject(JSON.parse(s));
  } catch {
    return true;
  }
}

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function until(what: string, condition: () => boolean): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 60_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('stream lines, fuzzed', () => {
  jest.setTimeout(600_000); // the quixstreams venv may be created on first use

  it('never stop the source; every good post is published once and decodes in quixstreams; every bad line is reported where it was', async () => {
    const standIn = new XApiStandIn({ bearerToken: TOKEN });
    const topic = await createTestTopic(testBrokers(), { prefix: 'twitter-fuzz' });
    const producer = new QuixProducer({
      sink: kafkaSinkFor(testBrokers(), { clientId: 'twitter-fuzz', createTopics: false, connectTimeoutMs: 10_000 }),
      topic,
      format: 'json',
      maxMessageBytes: 200_000,
      maxPendingBytes: 8_000_000,
      buffer: { timeSpanMs: 5, maxRows: 1000 },
    });
    await producer.connect();
    const logger = pino({ level: 'silent' });
    const badRecords = new BadRecords({ policy: 'skip', source: 'twitter-source', logger, clock: systemClock, maxMessageBytes: 200_000, fail: () => undefined });
    const reported: { connection: unknown; line: unknown; code: string }[] = [];
    const acked: string[] = [];
    const clock = new FakeClock();
    const registry = new Registry();
    const fatal: Error[] = [];
    const source = await startTwitterSource({
      producer, logger, metrics: registry, apiBaseUrl: await standIn.start(), bearerToken: TOKEN, userAgent: 'twitter-source-fuzz/1',
      rules: undefined, keepUndeclaredRules: false, query: { tweetFields: 'author_id,created_at,public_metrics,lang', expansions: 'author_id', userFields: 'username' },
      outputMode: 'both', streamId: 'fuzz', queueCapacity: 300, stallTimeoutMs: STALL_MS, resetConnections: false, usageCapRetryMs: 3_600_000,
      readiness: { set: () => undefined }, maxLineBytes: MAX_LINE_BYTES, clock,
      badRecords: { report: (b) => (reported.push({ connection: b.where['connection'], line: b.where['line'], code: b.code }), badRecords.report(b)) },
      onAcked: (posts) => void acked.push(...posts.map((p) => p.post.data.id)),
      onFatal: (err) => void fatal.push(err),
    });
    const served = new Map<string, string>(); // id -> text, of every good post served
    let nextId = 0;
    let expectedBad = 0;
    let bytesServed = 0;
    try {
      await until('the first (silent) connection', () => standIn.connectionCount === 1 && clock.sleeps.length === 0 && source.queue.depth === 0);
      await new Promise((r) => setTimeout(r, 100)); // let the reader arm its watchdog on that connection
      collectGarbage();
      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();

      await fc.assert(
        fc.asyncProperty(connection, async ({ lines, hugeAt, hugeBytes, crlf, cuts }) => {
          const sentinel = samplePost(0);
          const huge: Line = { kind: 'LINE_TOO_LONG', render: (id) => JSON.stringify({ data: { id, text: 'x'.repeat(hugeBytes) } }) };
          const all: Line[] = [...lines.slice(0, hugeAt), huge, ...lines.slice(hugeAt), { kind: 'good', render: (id) => JSON.stringify({ ...sentinel, data: { ...sentinel.data, id } }) }];
          const goodIds: string[] = [];
          const bad: { line: number; code: string }[] = [];
          const rendered = all.map((l, i) => {
            const id = `fuzz-${nextId++}`;
            const raw = l.render(id);
            if (l.kind === 'good') {
              goodIds.push(id);
              served.set(id, (JSON.parse(raw) as { data: { text: string } }).data.text);
            } else if (l.kind !== 'keep-alive' && l.kind !== 'notice') bad.push({ line: i + 1, code: l.kind });
            return `${raw}${crlf[i] ? '\r\n' : '\n'}`;
          });
          const bytes = Buffer.from(rendered.join(''));
          bytesServed += bytes.length;
          const points = [...new Set(cuts.map((c) => c % bytes.length))].sort((a, b) => a - b);
          const pieces = [...points, bytes.length].map((at, i, all) => bytes.subarray(i === 0 ? 0 : all[i - 1], at)).filter((p) => p.length > 0);
          reported.length = 0;
          const ackedBefore = acked.length;
          const connectionsBefore = standIn.connectionCount;
          standIn.script({ steps: [{ bytes: pieces }, { stall: true }] });
          clock.advance(STALL_MS); // the last connection is silent: X would be reconnected to now
          await until(`the last post of connection ${connectionsBefore + 1}`, () => acked.includes(goodIds[goodIds.length - 1] ?? ''));
          await until('every line read', () => reported.length >= bad.length);

          expect(fatal).toEqual([]);
          expect(standIn.connectionCount).toBe(connectionsBefore + 1);
          expect(acked.slice(ackedBefore)).toEqual(goodIds);
          expect(reported).toEqual(bad.map((b) => ({ connection: reported[0]?.connection, ...b })));
          expectedBad += bad.length;
        }),
        { numRuns: RUNS },
      );

      const propertyMs = performance.now() - started;
      expect(badRecords.count).toBe(expectedBad); // quix_bad_records_total
      expect(source.queue.depth).toBe(0);
      collectGarbage();
      const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
      // Everything served was either published and released or dropped as it arrived.
      expect(bytesServed).toBeGreaterThan(RUNS * 16 * MAX_LINE_BYTES);
      expect(heapGrowth).toBeLessThan(32 * 1024 * 1024);
      console.log(`stream fuzz: ${RUNS} connections, ${served.size} good posts, ${expectedBad} bad lines, ${(bytesServed / 1e6).toFixed(1)} MB served, heap growth ${(heapGrowth / 1e6).toFixed(1)} MB, ${(propertyMs / 1000).toFixed(1)} s`);
    } finally {
      await source.close();
      await producer.close();
      await standIn.stop();
    }

    const ids = [...served.keys()];
    const values = (await readAll(testBrokers(), topic, { idleMs: 10_000 })).map((m) => parseJsonExact(m.value.toString()) as Record<string, unknown>);
    const rows = values.filter((v) => 'id' in v);
    expect(rows.map((r) => r['id'])).toEqual(ids); // each good post once, in order
    expect(values.length).toBe(2 * ids.length); // its row and its event, nothing else
    const decoded = await readWithQuixstreams({ brokers: testBrokers(), topic, format: 'json', count: values.length, timeoutMs: 60_000 });
    expect(decoded).toHaveLength(values.length);
    const decodedRows = decoded.map((r) => r.value as Record<string, unknown>).filter((v) => 'id' in v);
    // Lone surrogates are written as U+FFFD (message-schema); everything else as it came.
    expect(decodedRows.map((r) => [r['id'], r['text']])).toEqual(ids.map((id) => [id, served.get(id)?.toWellFormed()]));
  });
});
