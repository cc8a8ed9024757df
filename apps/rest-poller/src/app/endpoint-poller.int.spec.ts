import type { TransactionalProducer } from '@quix-connectors/quix-producer';
import { createTestTopic, testBrokers } from '@quix-connectors/testing';
import { committedRows, endpoint, instantClock, pollerFor, startStandIn, transactionsOn } from '../test/harness.js';

let topic: string;
let producer: TransactionalProducer;

beforeAll(async () => {
  topic = await createTestTopic(testBrokers(), { prefix: 'rest-poller' });
  ({ producer } = await transactionsOn(topic));
});
afterAll(async () => {
  await producer.close();
});

describe('EndpointPoller against a local REST stand-in and a real broker', () => {
  it('sends If-None-Match with the saved ETag and publishes nothing on 304', async () => {
    const seen: (string | undefined)[] = [];
    const api = await startStandIn((app) =>
      app.get('/items', async (req, reply) => {
        seen.push(req.headers['if-none-match']);
        if (req.headers['if-none-match'] === '"v1"') return reply.code(304).send();
        return reply.header('etag', '"v1"').send([{ temp: 20 }, { temp: 21 }]);
      }),
    );
    const e = endpoint({ url: `${api.url}/items` });
    const { poller } = pollerFor(producer, e);
    expect(await poller.poll()).toMatchObject({ published: 2, notModified: false });
    expect(await poller.poll()).toMatchObject({ published: 0, notModified: true });
    expect(seen).toEqual([undefined, '"v1"']);
    expect((await committedRows(topic, e.name)).map((r) => r['temp'])).toEqual([20, 21]);
    await api.close();
  });

  it('sends If-Modified-Since with the saved Last-Modified and publishes nothing on 304', async () => {
    const stamp = 'Wed, 21 Oct 2026 07:28:00 GMT';
    const api = await startStandIn((app) =>
      app.get('/', async (req, reply) => {
        if (req.headers['if-modified-since'] === stamp) return reply.code(304).send();
        return reply.header('last-modified', stamp).send({ value: 1 });
      }),
    );
    const { poller } = pollerFor(producer, endpoint({ url: `${api.url}/` }));
    expect(await poller.poll()).toMatchObject({ published: 1, notModified: false });
    expect(await poller.poll()).toMatchObject({ published: 0, notModified: true });
    await api.close();
  });

  it.each([
    ['seconds', () => '3', 3000],
    ['an HTTP-date', () => new Date(Date.now() + 60_000).toUTCString(), 55_000],
  ])('waits as long as a 429 Retry-After in %s says before retrying', async (_kind, retryAfter, atLeast) => {
    let calls = 0;
    const api = await startStandIn((app) =>
      app.get('/', async (_req, reply) => {
        calls += 1;
        if (calls === 1) return reply.code(429).header('retry-after', retryAfter()).send();
        return { ok: true };
      }),
    );
    const clock = instantClock();
    const { poller, retries } = pollerFor(producer, endpoint({ url: `${api.url}/` }), { clock });
    expect(await poller.poll()).toMatchObject({ published: 1 });
    expect(retries).toEqual([expect.objectContaining({ status: 429 })]);
    expect(clock.waits[0]).toBeGreaterThanOrEqual(atLeast);
    await api.close();
  });

  it('retries a 500 with backoff and publishes the 200 that follows', async () => {
    let calls = 0;
    const api = await startStandIn((app) =>
      app.get('/', async (_req, reply) => ((calls += 1) === 1 ? reply.code(500).send('boom') : { n: 5 })),
    );
    const e = endpoint({ url: `${api.url}/` });
    const { poller, retries, failures } = pollerFor(producer, e);
    expect(await poller.poll()).toMatchObject({ published: 1 });
    expect(retries).toHaveLength(1);
    expect(failures).toEqual([]);
    expect((await committedRows(topic, e.name)).map((r) => r['n'])).toEqual([5]);
    await api.close();
  });

  it('gives up on a hanging response after the timeout, reports it, and polls on', async () => {
    let calls = 0;
    const api = await startStandIn((app) =>
      app.get('/', async (_req, reply) => {
        calls += 1;
        if (calls === 1) return new Promise(() => undefined); // never answers
        return reply.send({ n: 1 });
      }),
    );
    const { poller, failures } = pollerFor(producer, endpoint({ url: `${api.url}/`, timeoutMs: 200, maxRetries: 0 }));
    expect(await poller.poll()).toMatchObject({ published: 0 });
    expect(failures).toEqual([expect.objectContaining({ kind: 'network', url: `${api.url}/` })]);
    expect(await poller.poll()).toMatchObject({ published: 1 });
    await api.close();
  });

  it.each([
    ['not JSON', (reply: { header(n: string, v: string): { send(b: string): unknown } }) => reply.header('content-type', 'application/json').send('{"broken":'), 'not-json'],
    ['the wrong shape', (reply: { header(n: string, v: string): { send(b: string): unknown } }) => reply.header('content-type', 'application/json').send('{"data":{}}'), 'wrong-shape'],
    ['over the size limit', (reply: { header(n: string, v: string): { send(b: string): unknown } }) => reply.header('content-type', 'application/json').send(JSON.stringify({ data: [{ pad: 'x'.repeat(5000) }] })), 'too-large'],
  ])('logs and counts a body that is %s, with URL and status, and polls on', async (_case, bad, kind) => {
    let calls = 0;
    const api = await startStandIn((app) =>
      app.get('/', async (_req, reply) => ((calls += 1) === 1 ? bad(reply) : { data: [{ n: 1 }] })),
    );
    const { poller, failures } = pollerFor(producer, endpoint({ url: `${api.url}/`, recordsPath: 'data', maxBodyBytes: 1000 }));
    expect(await poller.poll()).toMatchObject({ published: 0 });
    expect(failures).toEqual([expect.objectContaining({ kind, url: `${api.url}/`, status: 200 })]);
    expect(await poller.poll()).toMatchObject({ published: 1 });
    await api.close();
  });

  it('publishes a record seen twice only once', async () => {
    let calls = 0;
    const api = await startStandIn((app) =>
      app.get('/', async () => ((calls += 1) === 1 ? [{ id: 'a', v: 1 }, { id: 'b', v: 2 }] : [{ id: 'b', v: 2 }, { id: 'c', v: 3 }, { id: 'c', v: 3 }])),
    );
    const e = endpoint({ url: `${api.url}/`, idField: 'id' });
    const { poller } = pollerFor(producer, e);
    expect(await poller.poll()).toMatchObject({ published: 2, duplicates: 0 });
    expect(await poller.poll()).toMatchObject({ published: 1, duplicates: 2 });
    expect((await committedRows(topic, e.name)).map((r) => r['v'])).toEqual([1, 2, 3]);
    await api.close();
  });
});
