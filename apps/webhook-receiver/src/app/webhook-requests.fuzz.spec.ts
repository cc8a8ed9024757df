import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { QuixProducer } from '@quix-connectors/quix-producer';
import { createLogger } from '@quix-connectors/service';
import { createTestTopic, readAll, readWithQuixstreams, testBrokers } from '@quix-connectors/testing';
import Fastify from 'fastify';
import { ControllableSink } from '../testing/controllable-sink.js';
import { receiverOnKafka } from '../testing/receiver-on-kafka.js';
import { startWebhookReceiver, type WebhookSettings } from './webhook-receiver.js';

// Whatever a client sends (headers, content types, bodies, signatures right or wrong): no crash,
// no 5xx but the documented 503, and every webhook answered 200 is what was published, decodable;
// on the real broker, every accepted webhook is in the topic once and the official quixstreams
// reads every message, lone surrogates included, with memory bounded.
// FUZZ_RUNS=5000 npx nx test webhook-receiver --testPathPatterns=fuzz  runs more cases on demand.

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);
const SECRET = 'fuzz-secret';
const settings: WebhookSettings = {
  streamId: 'hooks', path: '/webhook', scheme: 'hmac-sha256', secrets: [SECRET], signatureHeader: 'x-signature', signatureEncoding: 'hex',
  toleranceS: 300, eventIdField: 'type', tagHeaders: ['x-tag'], dedupeWindowS: 3600, dedupeMaxIds: 1000, maxBodyBytes: 4096,
  rateLimitPerS: 0, publishTimeoutMs: 5000, retryAfterS: 5, maxMessageBytes: 3000,
};

const contentType = fc.oneof(
  fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/cloudevents+json', 'text/plain', 'application/x-www-form-urlencoded', ''),
  fc.string({ maxLength: 40 }),
);
const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.record({ type: fc.oneof(fc.string(), fc.bigInt(), fc.integer()), blob: fc.string({ maxLength: 5000 }) }).map((v) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x))),
);
/** JSON text holding lone surrogates as escapes (`\ud800`), as some senders write broken strings. */
const escape = fc.constantFrom('\\ud800', '\\udfff', '\\ud83d', '\\ud83d\\ude00');
const text = fc.string({ maxLength: 20 }).map((t) => JSON.stringify(t).slice(1, -1));
const loneSurrogates = fc
  .tuple(fc.array(fc.oneof(text, escape), { minLength: 1, maxLength: 6 }), escape)
  .map(([parts, inId]) => `{"type":"broken${inId}","text":"${parts.join('')}"}`);
const tag = fc.option(fc.string({ maxLength: 50 }), { nil: undefined });
/** Headers a stranger may add: any token name, any printable value. */
const extraHeaders = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.string({ maxLength: 80 }).map((v) => v.replace(/[^\t\x20-\x7e]/g, '')), { maxKeys: 4 });
const anyRequest = fc.record({
  body: fc.oneof(body, loneSurrogates),
  contentType,
  extra: extraHeaders,
  sign: fc.constantFrom('right', 'wrong', 'none', 'garbage'),
  tag,
  method: fc.constantFrom('POST', 'POST', 'POST', 'PUT', 'GET'),
});
// A third of the cases are well-formed, so the accepted path is exercised in every run: drawn from
// anyRequest alone, only about one case in fifty is, and a run of 150 could see none.
const wellFormedRequest = fc.record({
  body: fc.oneof(fc.json({ maxDepth: 3 }), loneSurrogates),
  extra: extraHeaders,
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/cloudevents+json'),
  sign: fc.constant('right' as const),
  tag,
  method: fc.constant('POST'),
});
const request = fc.oneof({ arbitrary: anyRequest, weight: 2 }, { arbitrary: wellFormedRequest, weight: 1 });
type Request = typeof request extends fc.Arbitrary<infer R> ? R : never;

function headersOf(r: Request): Record<string, string> {
  const signature = r.sign === 'right' ? createHmac('sha256', SECRET).update(r.body).digest('hex') : r.sign === 'wrong' ? '0'.repeat(64) : r.sign === 'garbage' ? 'zz' : undefined;
  const headers: Record<string, string> = { ...r.extra };
  if (r.contentType) headers['content-type'] = r.contentType;
  if (signature !== undefined) headers['x-signature'] = signature;
  if (r.tag !== undefined) headers['x-tag'] = r.tag.replace(/[^\t\x20-\x7e]/g, '');
  return headers;
}

describe('webhook requests, fuzzed', () => {
  it('never crash the receiver nor get a 5xx other than 503; every 200 is published and decodes', async () => {
    const sink = new ControllableSink();
    const producer = new QuixProducer({ sink, topic: 't', format: 'json', maxMessageBytes: 3000, maxPendingBytes: 1e6, buffer: { timeSpanMs: 10, maxRows: 100 } });
    await producer.connect();
    const http = Fastify();
    const app = await startWebhookReceiver({ http, producer, logger: createLogger({ name: 'fuzz', level: 'silent' }), settings });
    let accepted = 0;
    try {
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const headers = headersOf(r);
          const before = sink.sent.length;
          const reply = await http.inject({ method: r.method as 'POST', url: '/webhook', payload: r.method === 'GET' ? undefined : r.body, headers });
          expect(reply.statusCode === 503 || reply.statusCode < 500).toBe(true);
          if (reply.statusCode === 200 && reply.json().status === 'accepted') {
            accepted += 1;
            expect(sink.sent.length).toBe(before + 1);
            const event = JSON.parse(sink.sent.at(-1)?.value.toString() ?? '') as { Id: string; Value: string };
            expect(event.Value).toBe(Buffer.from(r.body).toString('utf8').toWellFormed());
          } else {
            expect(sink.sent.length).toBe(before);
          }
        }),
        { numRuns: RUNS },
      );
    } finally {
      await app.close();
      await producer.close();
      await http.close();
    }
    expect(accepted).toBeGreaterThan(0);
  });

  it('on the real broker: every accepted webhook is in the topic once, quixstreams decodes every message, memory stays bounded', async () => {
    const brokers = testBrokers();
    const topic = await createTestTopic(brokers, { prefix: 'webhook-fuzz' });
    const receiver = await receiverOnKafka({
      brokers, topic, secret: 'unused', publishTimeoutMs: 60_000, connectTimeoutMs: 30_000, logger: createLogger({ name: 'fuzz-kafka', level: 'silent' }),
      settings: { ...settings, maxMessageBytes: 1_000_000 },
    });
    const accepted: string[] = [];
    const rssBefore = process.memoryUsage().rss;
    try {
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const reply = await receiver.http.inject({ method: r.method as 'POST', url: '/webhook', payload: r.method === 'GET' ? undefined : r.body, headers: headersOf(r) });
          expect(reply.statusCode === 503 || reply.statusCode < 500).toBe(true);
          if (reply.statusCode === 200) accepted.push(Buffer.from(r.body).toString('utf8').toWellFormed());
        }),
        { numRuns: Math.ceil(RUNS / 2) },
      );
    } finally {
      await receiver.close();
    }
    // Generous: what matters is that it does not grow with the cases (bodies are at most 4 KiB).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 << 20);
    expect(accepted.length).toBeGreaterThan(0);
    const messages = await readAll(brokers, topic, { idleMs: 8000 });
    expect(messages.map((m) => (JSON.parse(m.value.toString()) as { Value: string }).Value)).toEqual(accepted);
    const rows = await readWithQuixstreams({ brokers, topic, format: 'json', count: accepted.length, timeoutMs: 30_000 });
    expect(rows.map((row) => (row.value as { Value: string }).Value)).toEqual(accepted);
    // Ids taken from bodies with lone surrogates arrive well-formed (U+FFFD in their place).
    expect(rows.filter((row) => !(row.value as { Id: string }).Id.isWellFormed())).toEqual([]);
    expect(rows.some((row) => (row.value as { Id: string }).Id.startsWith('broken'))).toBe(true);
  });
});
