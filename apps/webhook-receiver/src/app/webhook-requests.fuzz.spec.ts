import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { QuixProducer } from '@quix-connectors/quix-producer';
import { createLogger } from '@quix-connectors/service';
import Fastify from 'fastify';
import { ControllableSink } from '../testing/controllable-sink.js';
import { startWebhookReceiver, type WebhookSettings } from './webhook-receiver.js';

// Whatever a client sends (headers, content types, bodies, signatures right or wrong): no crash,
// no 5xx but the documented 503, and every webhook answered 200 is what was published, decodable.
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
const tag = fc.option(fc.string({ maxLength: 50 }), { nil: undefined });
const anyRequest = fc.record({
  body,
  contentType,
  sign: fc.constantFrom('right', 'wrong', 'none', 'garbage'),
  tag,
  method: fc.constantFrom('POST', 'POST', 'POST', 'PUT', 'GET'),
});
// A third of the cases are well-formed, so the accepted path is exercised in every run: drawn from
// anyRequest alone, only about one case in fifty is, and a run of 150 could see none.
const wellFormedRequest = fc.record({
  body: fc.json({ maxDepth: 3 }),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/cloudevents+json'),
  sign: fc.constant('right' as const),
  tag,
  method: fc.constant('POST'),
});
const request = fc.oneof({ arbitrary: anyRequest, weight: 2 }, { arbitrary: wellFormedRequest, weight: 1 });

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
          const signature = r.sign === 'right' ? createHmac('sha256', SECRET).update(r.body).digest('hex') : r.sign === 'wrong' ? '0'.repeat(64) : r.sign === 'garbage' ? 'zz' : undefined;
          const headers: Record<string, string> = {};
          if (r.contentType) headers['content-type'] = r.contentType;
          if (signature !== undefined) headers['x-signature'] = signature;
          if (r.tag !== undefined) headers['x-tag'] = r.tag.replace(/[^\t\x20-\x7e]/g, '');
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
});
