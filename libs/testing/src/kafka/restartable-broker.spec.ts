import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { readAll } from './read-back.ts';
import { startRestartableBroker } from './restartable-broker.ts';
import type { RestartableBroker } from './restartable-broker.ts';

/** Whether anything accepts a TCP connection at `host:port` now. */
function accepts(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.connect(Number(port), host);
  });
}

describe('startRestartableBroker: a broker killed as a crash kills it, then started again', () => {
  let broker: RestartableBroker;
  beforeAll(async () => {
    broker = await startRestartableBroker();
  }, 120_000);
  afterAll(() => broker?.stop());

  const send = async (topic: string, value: string) => {
    const producer = new Kafka({ clientId: 'restartable-spec', brokers: broker.brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }] });
    await producer.disconnect();
  };

  it('after kill() nothing listens on its port; after restart() it answers on the same port with what it had acknowledged', async () => {
    const [address] = broker.brokers;
    await send('restartable', 'before');

    await broker.kill();
    expect(broker.running).toBe(false);
    expect(await accepts(address)).toBe(false);

    await broker.restart();
    expect(broker.brokers).toEqual([address]);
    expect(broker.running).toBe(true);
    await send('restartable', 'after');
    const values = (await readAll(broker.brokers, 'restartable', { idleMs: 20_000 })).map((m) => m.value.toString());
    expect(values).toEqual(['before', 'after']);
  }, 180_000);

  it('refuses to restart a broker that runs, and stop() removes its folder', async () => {
    await expect(broker.restart()).rejects.toThrow(/still running/);
    await broker.stop();
    expect(existsSync(broker.dir)).toBe(false);
    expect(await accepts(broker.brokers[0])).toBe(false);
  }, 60_000);
});
