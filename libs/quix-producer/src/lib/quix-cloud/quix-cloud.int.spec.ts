import { loadConfig } from '@quix-connectors/config';
import { readAll, startSecureKafkaBroker, type SecureKafkaBroker } from '@quix-connectors/testing';
import { producerCrossChecks, producerVariables } from '../producer-variables.js';
import { librdkafkaFor, publishOneRow, quixEnv, recordingLogger, ROW, standIn, WS } from './test/quix-cloud-harness.js';

// An app configured only as a Quix deployment connects through a Portal API stand-in to a real
// broker's SASL_SSL listener, creates its topic, and publishes; what it wrote is read back. The
// calls it makes are the ones quixstreams makes: never the workspace certificates zip.

let broker: SecureKafkaBroker;
beforeAll(async () => {
  broker = await startSecureKafkaBroker();
}, 120_000);
afterAll(() => broker?.stop());

describe('publishing through Quix Cloud', () => {
  const ca = () => broker.certificates.caPem;
  it.each([
    ['SCRAM-SHA-256, the workspace CA in the broker settings', 'scramSha256', () => ({}), () => ({ certificatePem: ca() })],
    ['SCRAM-SHA-512, a Portal without the certificates endpoint (404)', 'scramSha512', () => ({}), () => ({ certificatePem: ca(), certificatesEndpoint: false })],
    ['PLAIN, the CA given as ssl.ca.pem', 'plain', () => ({ 'ssl.ca.pem': ca() }), () => ({})],
  ] as const)('%s: creates the topic, waits until Ready, publishes over SASL_SSL', async (_name, user, settings, portalOptions) => {
    const portal = await standIn(broker, librdkafkaFor(broker, broker.users[user], settings()), portalOptions());
    try {
      const topicId = await publishOneRow(quixEnv(portal, `cpu-${user}`));
      expect(topicId).toBe(`${WS}-cpu-${user}`);
      const messages = await readAll(broker.brokers, topicId, { idleMs: 10_000 });
      expect(messages.map((m) => m.value.toString())).toEqual([ROW]);
      const topicCalls = portal.requests.filter((r) => r.path.includes('/topics')).map((r) => `${r.method} ${r.path}`);
      expect(topicCalls[0]).toBe(`GET /${WS}/topics/cpu-${user}`); // 404
      expect(topicCalls[1]).toBe(`POST /${WS}/topics`);
      expect(topicCalls.length).toBeGreaterThanOrEqual(4); // polled while Creating, then Ready
      expect(portal.requests.every((r) => r.authorized)).toBe(true);
      expect(portal.requests.filter((r) => r.path.includes('/certificates'))).toEqual([]);
    } finally {
      await portal.close();
    }
  });

  it('reads the mechanism from sasl.mechanisms (librdkafka spelling) when sasl.mechanism is absent', async () => {
    const { 'sasl.mechanism': mechanism, ...rest } = librdkafkaFor(broker, broker.users.scramSha512);
    const portal = await standIn(broker, { ...rest, 'sasl.mechanisms': mechanism }, { certificatePem: broker.certificates.caPem });
    try {
      const topicId = await publishOneRow(quixEnv(portal, 'plural'));
      expect(await readAll(broker.brokers, topicId, { idleMs: 10_000 })).toHaveLength(1);
    } finally {
      await portal.close();
    }
  });

  it('ignores a broker-settings key it does not know, and names it in a warning', async () => {
    const portal = await standIn(broker, librdkafkaFor(broker, broker.users.plain, { 'statistics.interval.ms': '0' }), { certificatePem: broker.certificates.caPem });
    const logger = recordingLogger();
    try {
      const topicId = await publishOneRow(quixEnv(portal, 'extra-key'), logger);
      expect(await readAll(broker.brokers, topicId, { idleMs: 10_000 })).toHaveLength(1);
      expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', obj: expect.objectContaining({ keys: ['statistics.interval.ms'] }) }));
    } finally {
      await portal.close();
    }
  });

  it('accepts a topic given by its id, and retries the Portal API after a 500', async () => {
    const portal = await standIn(broker, librdkafkaFor(broker, broker.users.scramSha256), { certificatePem: broker.certificates.caPem });
    try {
      await publishOneRow(quixEnv(portal, 'by-id')); // creates it
      portal.failNext(/broker\/librdkafka/, 500, 1);
      const topicId = await publishOneRow(quixEnv(portal, `${WS}-by-id`));
      expect(topicId).toBe(`${WS}-by-id`);
      expect(await readAll(broker.brokers, topicId, { idleMs: 10_000 })).toHaveLength(2);
    } finally {
      await portal.close();
    }
  });

  it('takes a topic that another deployment creates at the same moment ("similar name" 400) as existing', async () => {
    const portal = await standIn(broker, librdkafkaFor(broker, broker.users.scramSha256), { certificatePem: broker.certificates.caPem });
    try {
      await publishOneRow(quixEnv(portal, 'race')); // the other deployment's topic
      portal.failNext(/\/topics\/race$/, 404, 1); // our lookup still misses it
      const before = portal.requests.length;
      const topicId = await publishOneRow(quixEnv(portal, 'race'));
      expect(topicId).toBe(`${WS}-race`);
      expect(portal.requests.slice(before).filter((r) => r.path.includes('/topics')).map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
      expect(await readAll(broker.brokers, topicId, { idleMs: 10_000 })).toHaveLength(2);
    } finally {
      await portal.close();
    }
  });
});

describe('without Quix__Workspace__Id', () => {
  it('uses the only workspace the token sees (GET /workspaces), for the topic id too', async () => {
    const portal = await standIn(broker, librdkafkaFor(broker, broker.users.scramSha256), { certificatePem: broker.certificates.caPem });
    try {
      const topicId = await publishOneRow(quixEnv(portal, 'listed', { Quix__Workspace__Id: undefined }));
      expect(topicId).toBe(`${WS}-listed`);
      expect(await readAll(broker.brokers, topicId, { idleMs: 10_000 })).toHaveLength(1);
      expect(portal.requests[0]).toMatchObject({ method: 'GET', path: '/workspaces' });
    } finally {
      await portal.close();
    }
  });
});

describe('self-managed Kafka with SASL and TLS', () => {
  it.each(['plain', 'scramSha256', 'scramSha512'] as const)('%s user with the CA file', async (user) => {
    const { mechanism, username, password } = broker.users[user];
    const config = loadConfig(
      producerVariables({ topic: 'unused' }),
      {
        KAFKA_BROKERS: broker.saslSsl,
        KAFKA_SASL_MECHANISM: mechanism,
        KAFKA_SASL_USERNAME: username,
        KAFKA_SASL_PASSWORD: password,
        KAFKA_TLS_CA_FILE: broker.certificates.caFile,
        output: `self-managed-${user}`,
      },
      producerCrossChecks,
    );
    const topic = await publishOneRow(config);
    expect(topic).toBe(`self-managed-${user}`);
    expect(await readAll(broker.brokers, topic, { idleMs: 10_000 })).toHaveLength(1);
  });
});
