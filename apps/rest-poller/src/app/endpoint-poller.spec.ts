import type { TransactionalProducer } from '@quix-connectors/quix-producer';
import { endpoint, memoryProducer, pollerFor, startStandIn, type MemoryTransactionalSink } from '../test/harness.js';
import { PollStopped } from './poll-errors.js';
import { StateLog } from './state-log.js';

// The poller committing into the runtime's transaction queue (a sink in memory), against a local
// REST stand-in: what a poll commits, what it reports as bad, and what it remembers.

let producer: TransactionalProducer;
let sink: MemoryTransactionalSink;
beforeEach(async () => {
  ({ producer, sink } = memoryProducer());
  await producer.connect();
});
afterEach(() => producer.close());

/** A stand-in answering each GET with the next body of `bodies` (the last one again at the end). */
async function serving(...bodies: string[]) {
  let n = 0;
  return startStandIn((app) =>
    app.get('/', async (_req, reply) => reply.header('content-type', 'application/json').send(bodies[Math.min(n++, bodies.length - 1)])),
  );
}

describe('EndpointPoller', () => {
  it('writes fields named Timestamp and Tags as _Timestamp and _Tags, and goes on publishing', async () => {
    const api = await serving('[{"Timestamp": 5, "Tags": "a,b", "v": 1}]', '[{"v": 2}, {"v": 3}]');
    const { poller, bad } = pollerFor(producer, endpoint({ url: `${api.url}/` }));
    expect(await poller.poll()).toMatchObject({ published: 1 });
    expect(await poller.poll()).toMatchObject({ published: 2 });
    expect(bad).toEqual([]);
    expect(sink.rows()).toEqual([
      expect.objectContaining({ _Timestamp: 5, _Tags: 'a,b', v: 1 }),
      expect.objectContaining({ v: 2 }),
      expect.objectContaining({ v: 3 }),
    ]);
    await api.close();
  });

  it('hands a record the encoder refuses (larger than a message may be) to the policy, commits the others, and remembers its id', async () => {
    const api = await serving(`[{"id": "a", "s": "${'x'.repeat(1_100_000)}"}, {"id": "b", "v": 2}]`);
    const { poller, bad } = pollerFor(producer, endpoint({ url: `${api.url}/`, idField: 'id' }));
    expect(await poller.poll()).toMatchObject({ published: 1 });
    expect(bad).toEqual([expect.objectContaining({ code: 'MESSAGE_TOO_LARGE' })]);
    expect(sink.rows()).toEqual([expect.objectContaining({ id: 'b', v: 2 })]);
    expect(await poller.poll()).toMatchObject({ published: 0, duplicates: 2 });
    await api.close();
  });

  it('reports a record two of whose fields flatten to one name, rather than dropping one of the values', async () => {
    const api = await serving('[{"a.b": 1, "a": {"b": 2}}, {"Timestamp": 1, "_Timestamp": 2}, {"ok": 1}]');
    const { poller, bad } = pollerFor(producer, endpoint({ url: `${api.url}/` }));
    expect(await poller.poll()).toMatchObject({ published: 1, bad: 2 });
    expect(bad.map((b) => [b.code, b.where['record']])).toEqual([
      ['DUPLICATE_FIELD', 0],
      ['DUPLICATE_FIELD', 1],
    ]);
    expect(bad[0]?.raw).toBe('{"a.b":1,"a":{"b":2}}');
    await api.close();
  });

  it('keeps ids and integers beyond 2^53 exact, so dedupe never merges two ids', async () => {
    const api = await serving('[{"id": 1234567890123456789, "n": 98765432109876543210}, {"id": 1234567890123456790, "n": 1}]');
    const { poller } = pollerFor(producer, endpoint({ url: `${api.url}/`, idField: 'id' }));
    expect(await poller.poll()).toMatchObject({ published: 2, duplicates: 0 });
    expect(await poller.poll()).toMatchObject({ published: 0, duplicates: 2 });
    expect(sink.rows().map((r) => [r['id'], r['n']])).toEqual([
      ['1234567890123456789', '98765432109876543210'],
      ['1234567890123456790', 1],
    ]);
    const state = new StateLog(100).restore(sink.state());
    expect([...state.values()][0]?.ids).toEqual(['1234567890123456789', '1234567890123456790']);
    await api.close();
  });

  it('under BAD_RECORD_POLICY=fail, commits nothing of a poll with a bad record', async () => {
    const api = await serving('[{"id": "a", "v": 1}, {"id": "b", "Tags": 1, "_Tags": 2}]');
    const { poller, bad } = pollerFor(producer, endpoint({ url: `${api.url}/`, idField: 'id' }), { policy: 'fail' });
    await expect(poller.poll()).rejects.toThrow(PollStopped);
    expect(bad).toHaveLength(1);
    expect(sink.committed).toEqual([]);
    await api.close();
  });

  it('when Kafka refuses a poll\'s transaction, reports its rows and commits its state alone, so the endpoint moves on', async () => {
    const api = await serving('[{"id": "a", "v": 1}]', '[{"id": "a", "v": 1}, {"id": "b", "v": 2}]');
    const { poller, bad } = pollerFor(producer, endpoint({ url: `${api.url}/`, idField: 'id' }));
    sink.refuse = 1;
    expect(await poller.poll()).toMatchObject({ published: 0 });
    expect(bad).toEqual([expect.objectContaining({ code: 'MESSAGE_TOO_LARGE', where: expect.objectContaining({ stream: expect.any(String) }) })]);
    expect(sink.committed).toHaveLength(1);
    expect(sink.committed[0]?.data).toEqual([]);
    expect(await poller.poll()).toMatchObject({ published: 1, duplicates: 1 });
    expect(sink.rows()).toEqual([expect.objectContaining({ id: 'b' })]);
    await api.close();
  });

  it('remembers nothing of a poll whose commit failed: the next poll publishes its records', async () => {
    const api = await serving('[{"id": "a", "v": 1}]');
    let fail = true;
    const { poller } = pollerFor(producer, endpoint({ url: `${api.url}/`, idField: 'id' }), {
      deps: { commit: async () => (fail ? Promise.reject(new Error('producer closed')) : { published: 1 }) },
    });
    await expect(poller.poll()).rejects.toThrow('producer closed');
    fail = false;
    expect(await poller.poll()).toMatchObject({ published: 1, duplicates: 0 });
    expect(await poller.poll()).toMatchObject({ published: 0, duplicates: 1 });
    await api.close();
  });

  it('reports JSON nested 100,000 levels deep as over the depth limit, and polls on', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const api = await serving(deep, '[{"v": 1}]');
    const { poller, failures } = pollerFor(producer, endpoint({ url: `${api.url}/` }));
    expect(await poller.poll()).toMatchObject({ published: 0 });
    expect(failures).toEqual([expect.objectContaining({ kind: 'too-deep', message: expect.stringContaining('deeper than 64 levels'), status: 200 })]);
    expect(await poller.poll()).toMatchObject({ published: 1 });
    await api.close();
  });
});
