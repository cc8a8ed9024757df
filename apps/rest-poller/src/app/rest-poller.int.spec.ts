import { createTestTopic, testBrokers } from '@quix-connectors/testing';
import { Registry } from 'prom-client';
import { connectedProducer, endpoint, readRows, silent, startStandIn } from '../test/harness.js';
import { startRestPoller } from './rest-poller.js';
import { MemoryStateStore } from './state-store.js';

describe('startRestPoller', () => {
  it('polls several endpoints on their schedules, each into its own stream, and counts what it did', async () => {
    const topic = await createTestTopic(testBrokers(), { prefix: 'rest-poller-many' });
    let count = 0;
    let thirdPollOfB!: () => void;
    const polled = new Promise<void>((resolve) => (thirdPollOfB = resolve));
    const server = await startStandIn((app) => {
      app.get('/a', async () => ({ temp: 1 }));
      app.get('/b', async () => {
        if ((count += 1) === 3) thirdPollOfB();
        return [{ temp: 2 }];
      });
    });
    const a = endpoint({ name: 'a', url: `${server.url}/a`, intervalMs: 20 });
    const b = endpoint({ name: 'b', url: `${server.url}/b`, intervalMs: 20, tagFields: ['missing'] });
    const producer = await connectedProducer(topic);
    const registry = new Registry();
    const poller = await startRestPoller({ producer, endpoints: [a, b], store: new MemoryStateStore(), logger: silent, dedupeMaxIds: 10, metrics: registry });
    await polled;
    await poller.close();
    await producer.close();
    await server.close();

    expect((await readRows(topic, 'b')).length).toBeGreaterThanOrEqual(3);
    expect((await readRows(topic, 'a'))[0]).toMatchObject({ temp: 1 });
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/rest_poller_rows_published_total\{endpoint="b"\} ([3-9]|\d\d)/);
  });
});
