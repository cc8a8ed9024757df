import fc from 'fast-check';
import { parseJsonExact } from '@quix-connectors/message-schema';
import type { TransactionalProducer } from '@quix-connectors/quix-producer';
import { createTestTopic, readCommitted, readWithQuixstreams, testBrokers } from '@quix-connectors/testing';
import { endpoint, pollerFor, startStandIn, transactionsOn } from '../test/harness.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

// Whatever an API answers (any JSON, deep nesting, integers beyond 2^53, reserved and colliding
// names, lone-surrogate escapes, text that is not JSON, wrong content types, empty bodies), the
// real poller, committing to the real broker, does not crash, reports every body or record it
// cannot use, keeps polling (a good record served next is published), and every message it
// publishes decodes with the official quixstreams reader, with memory bounded.
// FUZZ_RUNS=2000 npx nx test rest-poller --testPathPatterns=fuzz  runs more cases on demand.

jest.setTimeout(600_000);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 100);

/** JSON text holding lone surrogates as escapes, in keys and in strings. */
const escape = fc.constantFrom('\\ud800', '\\udfff', '\\ud83d', '\\ud83d\\ude00');
const plain = fc.string({ maxLength: 12 }).map((t) => JSON.stringify(t).slice(1, -1));
const escaped = fc.array(fc.oneof(plain, escape), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
const loneSurrogates = fc.tuple(escaped, escaped, escape).map(([key, text, id]) => `[{"id":"x${id}","${key}":"${text}","t":{"${text}":1}}]`);
const deep = fc.tuple(fc.integer({ min: 1, max: MAX_JSON_DEPTH * 3 }), fc.boolean()).map(([n, arrays]) => (arrays ? `${'['.repeat(n)}1${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`));
const bigInts = fc.array(fc.bigInt({ min: 2n ** 53n, max: 2n ** 80n }), { minLength: 1, maxLength: 4 }).map((ids) => `[${ids.map((id) => `{"id":${id},"neg":-${id},"f":${id}.5}`).join(',')}]`);
const reservedName = fc.constantFrom('Timestamp', 'Tags', '_Timestamp', '_Tags', 'timestamp', 'Tags.x');
const reserved = fc.dictionary(reservedName, fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 4 }).map((record) => JSON.stringify(record));
const colliding = fc.constantFrom('{"a.b":1,"a":{"b":2}}', '{"Timestamp":1,"_Timestamp":2}', '[{"x":{"y.z":1},"x.y":{"z":2}}]', '{"Tags":"t","_Tags":"u"}', '{"n":1e400}');
const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  deep,
  bigInts,
  reserved,
  colliding,
  loneSurrogates,
  fc.string({ maxLength: 200 }),
  fc.constant(''),
);
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'text/html', 'application/octet-stream', 'application/xml', '');
const answer = fc.record({ body, contentType });
/** One case: bodies served one per poll, in order. */
const answers = fc.array(answer, { minLength: 1, maxLength: 5 });

/** The records the poller should find in `text`, or undefined when the body itself is unusable. */
function recordsIn(text: string): number | undefined {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return undefined;
  let parsed: unknown;
  try {
    parsed = parseJsonExact(text);
  } catch {
    return undefined;
  }
  return Array.isArray(parsed) ? parsed.length : 1;
}

describe('REST bodies, fuzzed, on the real broker', () => {
  let topic: string;
  let producer: TransactionalProducer;
  beforeAll(async () => {
    topic = await createTestTopic(testBrokers(), { prefix: 'rest-poller-fuzz' });
    ({ producer } = await transactionsOn(topic));
  });
  afterAll(() => producer.close());

  it('never crash the poller, report every unusable body and record, keep it polling, and publish only what quixstreams decodes', async () => {
    let serving: { body: string; contentType: string } = { body: '[]', contentType: 'application/json' };
    const api = await startStandIn((app) =>
      app.get('/items', (_req, reply) => {
        reply.hijack();
        const headers = serving.contentType === '' ? {} : { 'content-type': serving.contentType };
        reply.raw.writeHead(200, headers);
        reply.raw.end(serving.body);
      }),
    );
    const rssBefore = process.memoryUsage().rss;
    let published = 0;
    let failedBodies = 0;
    let badRecords = 0;
    try {
      await fc.assert(
        fc.asyncProperty(answers, async (bodies) => {
          const e = endpoint({ url: `${api.url}/items`, maxRetries: 0 });
          const { poller, bad } = pollerFor(producer, e);
          for (const served of bodies) {
            serving = served;
            const reportedBefore = bad.length;
            const outcome = await poller.poll();
            const expected = recordsIn(served.body);
            if (expected === undefined) {
              // An unusable body is a failure of the poll, reported as such, never nothing.
              expect(outcome.failure?.kind).toMatch(/^(not-json|too-deep)$/);
              expect(outcome.published).toBe(0);
              failedBodies += 1;
            } else {
              expect(outcome.failure).toBeUndefined();
              // Every record is published or reported to the bad-record policy.
              expect(outcome.published + outcome.bad).toBe(expected);
              expect(bad.length - reportedBefore).toBe(outcome.bad);
              badRecords += outcome.bad;
            }
            published += outcome.published;
          }
          serving = { body: '[{"good":1}]', contentType: 'application/json' };
          expect(await poller.poll()).toMatchObject({ published: 1, bad: 0 });
          published += 1;
        }),
        { numRuns: RUNS },
      );
    } finally {
      await api.close();
    }
    // Generous: what matters is that it does not grow with the cases (bodies are small).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(512 << 20);
    expect(process.memoryUsage().heapUsed).toBeLessThan(1024 << 20);
    // Each kind of outcome was exercised.
    expect(failedBodies).toBeGreaterThan(0);
    expect(badRecords).toBeGreaterThan(0);

    const brokers = testBrokers();
    const messages = await readCommitted(brokers, topic);
    expect(messages).toHaveLength(published);
    const rows = await readWithQuixstreams({ brokers, topic, format: 'json', count: published, timeoutMs: 60_000 });
    expect(rows).toHaveLength(published);
    const good = rows.filter((row) => (row.value as Record<string, unknown>)['good'] === 1);
    expect(good).toHaveLength(RUNS);
    // Strings read back are well-formed: lone surrogates never reach a reader.
    for (const row of rows) expect(JSON.stringify(row.value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).isWellFormed()).toBe(true);
  });
});
