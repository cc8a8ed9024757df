import type { TransactionalProducer } from '@quix-connectors/quix-producer';
import { createTestTopic, testBrokers } from '@quix-connectors/testing';
import { committedRows, endpoint, pollerFor, startStandIn, transactionsOn } from '../test/harness.js';

// POST polling against local GraphQL-like and search endpoints: the cursor or page goes into the
// JSON body (escaped), and what was fetched reads back from the real broker.

let topic: string;
let producer: TransactionalProducer;
beforeAll(async () => {
  topic = await createTestTopic(testBrokers(), { prefix: 'rest-poller-post' });
  ({ producer } = await transactionsOn(topic));
});
afterAll(() => producer.close());

/** Five items, two a page; cursors hold a quote, a backslash and a newline, so they must be escaped. */
const ITEMS = [1, 2, 3, 4, 5].map((n) => ({ id: `i${n}`, n }));
const cursorAt = (index: number) => `c"${index}\\\n`;

describe('POST with a body template', () => {
  it('follows a GraphQL connection with the cursor in the variables', async () => {
    const received: { contentType?: string; body: unknown }[] = [];
    const api = await startStandIn((app) =>
      app.post('/graphql', async (req) => {
        received.push({ contentType: req.headers['content-type'], body: req.body });
        const after = (req.body as { variables: { after: string | null } }).variables.after;
        const start = after === null ? 0 : Number(/^c"(\d+)/.exec(after)?.[1]) + 1;
        const nodes = ITEMS.slice(start, start + 2);
        const endCursor = nodes.length === 0 ? null : cursorAt(start + nodes.length - 1);
        return { data: { items: { nodes, pageInfo: { endCursor, hasNextPage: start + 2 < ITEMS.length } } } };
      }),
    );
    const query = 'query($after: String) { items(first: 2, after: $after) { nodes { id n } pageInfo { endCursor hasNextPage } } }';
    const e = endpoint({
      url: `${api.url}/graphql`,
      method: 'POST',
      body: JSON.stringify({ query, variables: { after: '__AFTER__' } }).replace('"__AFTER__"', '{{cursor}}'),
      recordsPath: 'data.items.nodes',
      idField: 'id',
      pagination: { type: 'cursor', field: 'data.items.pageInfo.endCursor', in: 'body' },
    });
    const { poller, failures } = pollerFor(producer, e);
    expect(await poller.poll()).toMatchObject({ pages: 4, published: 5 });
    expect(failures).toEqual([]);
    expect(received.map((r) => r.contentType)).toEqual(Array(4).fill('application/json'));
    expect(received.map((r) => (r.body as { variables: unknown }).variables)).toEqual([{ after: null }, { after: cursorAt(1) }, { after: cursorAt(3) }, { after: cursorAt(4) }]);
    expect(received.every((r) => (r.body as { query: string }).query === query)).toBe(true);
    expect((await committedRows(topic, e.name)).map((r) => r['n'])).toEqual([1, 2, 3, 4, 5]);
    await api.close();
  });

  it('counts a page number up inside a search body, as a JSON number', async () => {
    const pages: unknown[] = [];
    const api = await startStandIn((app) =>
      app.post('/search', async (req) => {
        const { page, size, q } = req.body as { page: number; size: number; q: string };
        pages.push(page);
        return { q, hits: ITEMS.slice((page - 1) * size, page * size) };
      }),
    );
    const e = endpoint({
      url: `${api.url}/search`,
      method: 'POST',
      body: '{"q": "sensor \\"roof\\"", "page": {{page}}, "size": 2}',
      recordsPath: 'hits',
      pagination: { type: 'page', pageSize: 2, in: 'body' },
    });
    const { poller } = pollerFor(producer, e);
    expect(await poller.poll()).toMatchObject({ pages: 3, published: 5 });
    expect(pages).toEqual([1, 2, 3]);
    const rows = await committedRows(topic, e.name);
    expect(rows.map((r) => r['n'])).toEqual([1, 2, 3, 4, 5]);
    await api.close();
  });

  it('sends a form body with the cursor percent-encoded under POLL_CONTENT_TYPE', async () => {
    const bodies: string[] = [];
    const api = await startStandIn((app) => {
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
      app.post('/feed', async (req) => {
        bodies.push(req.body as string);
        const after = new URLSearchParams(req.body as string).get('after');
        return after === '' ? { items: [{ n: 1 }], next: 'a b&c' } : { items: [{ n: 2 }], next: null };
      });
    });
    const e = endpoint({ url: `${api.url}/feed`, method: 'POST', contentType: 'application/x-www-form-urlencoded', body: 'after={{cursor}}&limit=1', recordsPath: 'items', pagination: { type: 'cursor', field: 'next', in: 'body' } });
    const { poller } = pollerFor(producer, e);
    expect(await poller.poll()).toMatchObject({ pages: 2, published: 2 });
    expect(bodies).toEqual(['after=&limit=1', 'after=a%20b%26c&limit=1']);
    await api.close();
  });
});
