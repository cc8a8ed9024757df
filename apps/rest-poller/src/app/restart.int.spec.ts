import { randomUUID } from 'node:crypto';
import { createTestTopic, testBrokers } from '@quix-connectors/testing';
import { committedRows, endpoint, instantClock, recordingBadRecords, silent, startStandIn, transactionsOn } from '../test/harness.js';
import { startRestPoller } from './rest-poller.js';

describe('restart', () => {
  it('commits dedupe ids and validators with the rows to the compacted state topic, so a restarted poller publishes nothing twice', async () => {
    const topic = await createTestTopic(testBrokers(), { prefix: 'rest-poller-restart' });
    const stateTopic = `rest-poller-state-${randomUUID()}`;
    const transactionalId = `rest-poller-restart-${randomUUID()}`;
    const etags: (string | undefined)[] = [];
    let calls = 0;
    const api = await startStandIn((app) =>
      app.get('/', async (req, reply) => {
        calls += 1;
        etags.push(req.headers['if-none-match']);
        // The body changes (new ETag) but repeats record b.
        const body = calls === 1 ? [{ id: 'a', v: 1 }, { id: 'b', v: 2 }] : [{ id: 'b', v: 2 }, { id: 'c', v: 3 }];
        return reply.header('etag', `"v${calls}"`).send(body);
      }),
    );
    const e = endpoint({ url: `${api.url}/`, idField: 'id' });
    const run = async () => {
      // As the runtime does at each start: the state committed so far is read back first.
      const { producer, state } = await transactionsOn(topic, { stateTopic, transactionalId });
      const { badRecords } = recordingBadRecords();
      const poller = startRestPoller({ transactions: producer, state, endpoints: [e], logger: silent, dedupeMaxIds: 100, clock: instantClock(), schedule: false, badRecords, fail: (err) => { throw err; } });
      const outcome = await poller.pollers.get(e.name)?.poll();
      await poller.close();
      await producer.close();
      return outcome;
    };

    expect(await run()).toMatchObject({ published: 2 });
    expect(await run()).toMatchObject({ published: 1, duplicates: 1 });
    expect(etags).toEqual([undefined, '"v1"']);
    expect((await committedRows(topic, e.name)).map((r) => r['v'])).toEqual([1, 2, 3]);
    await api.close();
  });
});
