import type { TransactionalProducer } from '@quix-connectors/quix-producer';
import { createTestTopic, testBrokers } from '@quix-connectors/testing';
import type { FastifyInstance } from 'fastify';
import { committedRows, endpoint, pollerFor, startStandIn, transactionsOn } from '../test/harness.js';

let topic: string;
let producer: TransactionalProducer;

beforeAll(async () => {
  topic = await createTestTopic(testBrokers(), { prefix: 'rest-poller-pages' });
  ({ producer } = await transactionsOn(topic));
});
afterAll(async () => {
  await producer.close();
});

/** Five records, two per page: pages 0..2 by index. */
const ALL = [1, 2, 3, 4, 5].map((n) => ({ id: `r${n}`, n }));
const slice = (index: number) => ALL.slice(index * 2, index * 2 + 2);

const styles: [string, unknown, (app: FastifyInstance) => void][] = [
  [
    'Link: rel=next',
    { type: 'link' },
    (app) =>
      app.get('/items', async (req, reply) => {
        const p = Number((req.query as Record<string, string>)['p'] ?? 0);
        if (p < 2) reply.header('link', `</items?p=${p + 1}>; rel="next"`);
        return { items: slice(p) };
      }),
  ],
  [
    'a next-URL field',
    { type: 'next-url', field: 'links.next' },
    (app) =>
      app.get('/items', async (req) => {
        const p = Number((req.query as Record<string, string>)['p'] ?? 0);
        return { items: slice(p), links: { next: p < 2 ? `/items?p=${p + 1}` : null } };
      }),
  ],
  [
    'a cursor field',
    { type: 'cursor', field: 'meta.after', param: 'after' },
    (app) =>
      app.get('/items', async (req) => {
        const after = (req.query as Record<string, string>)['after'];
        const p = after === undefined ? 0 : Number(after.slice(1));
        return { items: slice(p), meta: { after: p < 2 ? `c${p + 1}` : undefined } };
      }),
  ],
  [
    'a page parameter',
    { type: 'page', param: 'page', start: 1, pageSize: 2 },
    (app) => app.get('/items', async (req) => ({ items: slice(Number((req.query as Record<string, string>)['page']) - 1) })),
  ],
  [
    'an offset parameter',
    { type: 'offset', param: 'offset', pageSize: 2 },
    (app) => app.get('/items', async (req) => ({ items: slice(Number((req.query as Record<string, string>)['offset']) / 2) })),
  ],
];

describe('pagination against a local REST stand-in', () => {
  it.each(styles)('follows %s through every page', async (_style, pagination, routes) => {
    const api = await startStandIn(routes);
    const e = endpoint({ url: `${api.url}/items`, recordsPath: 'items', idField: 'id', pagination: pagination as never });
    const { poller } = pollerFor(producer, e);
    expect(await poller.poll()).toMatchObject({ pages: 3, published: 5 });
    expect((await committedRows(topic, e.name)).map((r) => r['n'])).toEqual([1, 2, 3, 4, 5]);
    await api.close();
  });

  it('stops at the page limit and continues from there on the next poll', async () => {
    const pageStyle = styles[3];
    if (pageStyle === undefined) throw new Error('no page style');
    const api = await startStandIn(pageStyle[2]);
    const e = endpoint({ url: `${api.url}/items`, recordsPath: 'items', maxPages: 2, pagination: { type: 'page', pageSize: 2 } });
    const { poller, saved } = pollerFor(producer, e);
    expect(await poller.poll()).toMatchObject({ pages: 2, published: 4 });
    expect(saved.at(-1)?.resume?.query).toMatchObject({ page: '3' });
    expect(await poller.poll()).toMatchObject({ pages: 1, published: 1 });
    expect(saved.at(-1)?.resume).toBeUndefined();
    expect((await committedRows(topic, e.name)).map((r) => r['n'])).toEqual([1, 2, 3, 4, 5]);
    await api.close();
  });
});
