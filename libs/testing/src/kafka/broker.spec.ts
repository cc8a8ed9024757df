import { Kafka, logLevel } from 'kafkajs';
import { testBrokers } from '../jest/test-brokers.ts';
import { parseBrokerList, startKafkaBroker } from './broker.ts';

describe('startKafkaBroker', () => {
  it('uses KAFKA_BROKERS when it is set, and stop() leaves that broker alone', async () => {
    const broker = await startKafkaBroker({
      env: { KAFKA_BROKERS: ' h1:9092, h2:9093 ,' },
    });
    expect(broker.origin).toBe('env');
    expect(broker.brokers).toEqual(['h1:9092', 'h2:9093']);
    await expect(broker.stop()).resolves.toBeUndefined();
  });

  it('gave this jest run a broker that answers (started by the global setup when run standalone)', async () => {
    // KAFKA_BROKERS_ORIGIN says who provided it: 'env' under with-kafka, else what globalSetup started.
    expect(['env', 'jars', 'testcontainers']).toContain(
      process.env['KAFKA_BROKERS_ORIGIN'],
    );
    const admin = new Kafka({
      clientId: 'broker-spec',
      brokers: testBrokers(),
      logLevel: logLevel.ERROR,
    }).admin();
    await admin.connect();
    try {
      await expect(admin.listTopics()).resolves.toEqual(expect.any(Array));
    } finally {
      await admin.disconnect();
    }
  });
});

describe('parseBrokerList', () => {
  it.each([
    [undefined, []],
    ['', []],
    ['a:1', ['a:1']],
    ['a:1,b:2', ['a:1', 'b:2']],
    [' a:1 , ,b:2 ', ['a:1', 'b:2']],
  ])('%j -> %j', (input, expected) => {
    expect(parseBrokerList(input)).toEqual(expected);
  });
});
