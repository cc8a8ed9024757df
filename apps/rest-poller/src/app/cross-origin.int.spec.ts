import type { TransactionalProducer } from '@quix-connectors/quix-producer';
import { createTestTopic, testBrokers } from '@quix-connectors/testing';
import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@quix-connectors/config';
import { committedRows, pollerFor, startStandIn, transactionsOn } from '../test/harness.js';
import { resolveEndpoints } from './resolve-endpoints.js';
import { restPollerVariables } from './rest-variables.js';

// A page whose next link leads to another origin (another local server, another port): not
// followed unless PAGINATION_ALLOWED_ORIGINS allows it, and then without the endpoint's
// credentials, on the real broker.

let topic: string;
let producer: TransactionalProducer;
beforeAll(async () => {
  topic = await createTestTopic(testBrokers(), { prefix: 'rest-poller-origins' });
  ({ producer } = await transactionsOn(topic));
});
afterAll(() => producer.close());

const TOKEN = 'b3arer-t0ken-of-a';
const HEADER_SECRET = 'h3ader-s3cret-of-a';

/** Host B: one page of its own records; it records the headers of every request it gets. */
async function startOtherOrigin() {
  const received: IncomingHttpHeaders[] = [];
  const server = await startStandIn((app) =>
    app.get('/more', async (req) => {
      received.push(req.headers);
      return { items: [{ id: 'b1', from: 'B' }] };
    }),
  );
  return { ...server, received };
}

/** Host A: one page of records whose next link, in the body, leads to `next`. */
async function startOwnOrigin(next: string) {
  const received: IncomingHttpHeaders[] = [];
  const server = await startStandIn((app) =>
    app.get('/items', async (req) => {
      received.push(req.headers);
      return { items: [{ id: 'a1', from: 'A' }], next };
    }),
  );
  return { ...server, received };
}

/** The endpoint as the variables describe it, PAGINATION_ALLOWED_ORIGINS included when given. */
function paged(url: string, allowedOrigins?: string) {
  const env: Record<string, string> = {
    POLL_URL: url,
    STREAM_ID: `origins-${randomUUID()}`,
    RECORDS_PATH: 'items',
    PAGINATION_TYPE: 'next-url',
    PAGINATION_FIELD: 'next',
    AUTH_TYPE: 'bearer',
    AUTH_TOKEN: TOKEN,
    POLL_HEADERS: JSON.stringify({ 'x-api-key': HEADER_SECRET, 'x-client': 'poller' }),
    ...(allowedOrigins === undefined ? {} : { PAGINATION_ALLOWED_ORIGINS: allowedOrigins }),
  };
  const [e] = resolveEndpoints(loadConfig(restPollerVariables, env));
  if (e === undefined) throw new Error('no endpoint');
  return e;
}

describe('pagination links to another origin', () => {
  it('are refused by default: reported as link-refused, B gets no request, nothing of B is published', async () => {
    const b = await startOtherOrigin();
    const a = await startOwnOrigin(`${b.url}/more`);
    const e = paged(`${a.url}/items`);
    const { poller, failures } = pollerFor(producer, e);
    expect(await poller.poll()).toMatchObject({ pages: 1, published: 1 });
    expect(failures).toEqual([expect.objectContaining({ kind: 'link-refused', message: expect.stringContaining(`${b.url}/more`) })]);
    expect(failures[0]?.message).toMatch(/PAGINATION_ALLOWED_ORIGINS/);
    expect(b.received).toEqual([]);
    expect(a.received[0]?.authorization).toBe(`Bearer ${TOKEN}`);
    expect((await committedRows(topic, e.name)).map((r) => r['from'])).toEqual(['A']);
    await Promise.all([a.close(), b.close()]);
  });

  it('are followed to an allowed origin without Authorization or any configured header', async () => {
    const b = await startOtherOrigin();
    const a = await startOwnOrigin(`${b.url}/more`);
    const e = paged(`${a.url}/items`, b.url);
    const { poller, failures } = pollerFor(producer, e);
    expect(await poller.poll()).toMatchObject({ pages: 2, published: 2 });
    expect(failures).toEqual([]);
    expect(b.received).toHaveLength(1);
    const sent = b.received[0] ?? {};
    expect(sent.authorization).toBeUndefined();
    expect(sent['x-api-key']).toBeUndefined();
    expect(sent['x-client']).toBeUndefined();
    expect(JSON.stringify(sent)).not.toContain(TOKEN);
    expect(JSON.stringify(sent)).not.toContain(HEADER_SECRET);
    // A, its own origin, got them all.
    expect(a.received[0]).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'x-api-key': HEADER_SECRET, 'x-client': 'poller' });
    expect((await committedRows(topic, e.name)).map((r) => r['from'])).toEqual(['A', 'B']);
    await Promise.all([a.close(), b.close()]);
  });
});
