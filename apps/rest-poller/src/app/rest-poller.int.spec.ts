import { createTestTopic, testBrokers } from '@quix-connectors/testing';
import { Registry } from 'prom-client';
import { committedRows, endpoint, recordingBadRecords, silent, startStandIn, transactionsOn } from '../test/harness.js';
import { startRestPoller } from './rest-poller.js';

describe('startRestPoller', () => {
  it('polls several endpoints on their schedules, each into its own stream, and counts what it did', async () => {
    const topic = await createTestTopic(testBrokers(), { prefix: 'rest-poller-many' });
    let count = 0;
    // close() cuts the request under way short, so wait for the fourth request of b: polls of one
    // endpoint never overlap, so by then three have committed.
    let fourthPollOfB!: () => void;
    const polled = new Promise<void>((resolve) => (fourthPollOfB = resolve));
    const server = await startStandIn((app) => {
      app.get('/a', async () => ({ temp: 1 }));
      app.get('/b', async () => {
        if ((count += 1) === 4) fourthPollOfB();
        return [{ temp: 2 }];
      });
    });
    const a = endpoint({ name: 'a', url: `${server.url}/a`, intervalMs: 20 });
    const b = endpoint({ name: 'b', url: `${server.url}/b`, intervalMs: 20, tagFields: ['missing'] });
    const { producer, state } = await transactionsOn(topic);
    const registry = new Registry();
    const { badRecords, failures } = recordingBadRecords();
    const poller = startRestPoller({ transactions: producer, state, endpoints: [a, b], logger: silent, dedupeMaxIds: 10, metrics: registry, badRecords, fail: (e) => failures.push(e) });
    await polled;
    await poller.close();
    await producer.close();
    await server.close();

    expect((await committedRows(topic, 'b')).length).toBeGreaterThanOrEqual(3);
    expect((await committedRows(topic, 'a'))[0]).toMatchObject({ temp: 1 });
    expect(failures).toEqual([]);
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/rest_poller_rows_published_total\{endpoint="b"\} ([3-9]|\d\d)/);
  });
});
