import { loadConfig } from '@quix-connectors/config';
import {
  readAll,
  saslSslSettings,
  startPortalStandIn,
  startSecureKafkaBroker,
  type PortalStandIn,
  type SaslUser,
  type SecureKafkaBroker,
} from '@quix-connectors/testing';
import { createProducer } from '../create-producer.js';
import { connectQuixCloud } from './connect-quix-cloud.js';
import { silentLogger } from '../logger.js';
import { producerCrossChecks, producerVariables } from '../producer-variables.js';

// An app configured only as a Quix deployment is (SDK token, Portal API, workspace, output topic)
// connects through a Portal API stand-in to a real broker's SASL_SSL listener, creates its topic,
// and publishes; what it wrote is read back. Then each way it can go wrong.

const TOKEN = 'sdk-token-for-tests';
const WS = 'acme-prod';
let broker: SecureKafkaBroker;

beforeAll(async () => {
  broker = await startSecureKafkaBroker();
}, 120_000);
afterAll(() => broker?.stop());

function librdkafkaFor(user: SaslUser, overrides: Record<string, string> = {}): Record<string, string> {
  return { ...saslSslSettings(broker, user), ...overrides };
}

async function standIn(librdkafka: Record<string, string>, certificatePem?: string): Promise<PortalStandIn> {
  return startPortalStandIn({ token: TOKEN, workspaceId: WS, librdkafka, certificatePem, adminBrokers: broker.brokers, creatingPolls: 2 });
}

function quixEnv(portal: PortalStandIn, topic: string, extra: Record<string, string> = {}) {
  return loadConfig(
    producerVariables({ topic: 'unused' }),
    { Quix__Sdk__Token: TOKEN, Quix__Portal__Api: portal.url, Quix__Workspace__Id: WS, output: topic, KAFKA_CONNECT_TIMEOUT_MS: '3000', ...extra },
    producerCrossChecks,
  );
}

async function publishOneRow(config: ReturnType<typeof quixEnv>) {
  const producer = await createProducer(config, 'quix-cloud-test', silentLogger);
  try {
    await producer.connect();
    const stream = await producer.createStream('s1');
    await stream.timeseries.add({ timestamp: 1_700_000_000_000_000_001n, numeric: { v: 1 } });
    await stream.close();
    return producer.topic;
  } finally {
    await producer.close();
  }
}

describe('publishing through Quix Cloud', () => {
  it.each([
    ['SCRAM-SHA-256, CA inside the broker settings', 'scramSha256', 'embedded'],
    ['SCRAM-SHA-512, CA from the certificates zip', 'scramSha512', 'zip'],
    ['PLAIN, CA from the certificates zip', 'plain', 'zip'],
  ] as const)('%s: creates the topic, waits until Ready, publishes over SASL_SSL', async (_name, user, caFrom) => {
    const ca = broker.certificates.caPem;
    const portal = await standIn(
      librdkafkaFor(broker.users[user], caFrom === 'embedded' ? { 'ssl.ca.cert': Buffer.from(ca).toString('base64') } : {}),
      caFrom === 'zip' ? ca : undefined,
    );
    try {
      const topicId = await publishOneRow(quixEnv(portal, `cpu-${user}`));
      expect(topicId).toBe(`${WS}-cpu-${user}`);
      const messages = await readAll(broker.brokers, topicId, { idleMs: 10_000 });
      expect(messages.map((m) => m.value.toString())).toEqual(['{"Timestamp":1700000000000000001,"v":1}']);
      const topicCalls = portal.requests.filter((r) => r.path.includes('/topics')).map((r) => `${r.method} ${r.path}`);
      expect(topicCalls[0]).toBe(`GET /${WS}/topics/cpu-${user}`); // 404
      expect(topicCalls[1]).toBe(`POST /${WS}/topics`);
      expect(topicCalls.length).toBeGreaterThanOrEqual(4); // polled while Creating, then Ready
      expect(portal.requests.every((r) => r.authorized)).toBe(true);
    } finally {
      await portal.close();
    }
  });

  it('accepts a topic given by its id, and retries the Portal API after a 500', async () => {
    const portal = await standIn(librdkafkaFor(broker.users.scramSha256), broker.certificates.caPem);
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
    const portal = await standIn(librdkafkaFor(broker.users.scramSha256), broker.certificates.caPem);
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

describe('what goes wrong is said clearly', () => {
  it('a Portal API that does not answer times out, is retried, then gives up saying so', async () => {
    const portal = await standIn(librdkafkaFor(broker.users.plain));
    portal.hangNext(/broker\/librdkafka/, 10);
    try {
      const error = await connectQuixCloud({
        sdkToken: TOKEN,
        portalApi: portal.url,
        workspaceId: WS,
        topic: 't',
        createTopic: true,
        logger: silentLogger,
        requestTimeoutMs: 300,
      }).catch((e: Error) => e);
      expect(error).toMatchObject({ code: 'PORTAL_REQUEST_FAILED' });
      expect((error as Error).message).toMatch(/after 5 attempts \(last: .*(timeout|aborted)/i);
      expect(portal.requests.filter((r) => r.path.endsWith('/broker/librdkafka'))).toHaveLength(5);
    } finally {
      await portal.close();
    }
  });

  const failure = async (config: ReturnType<typeof quixEnv>) => {
    const producer = await createProducer(config, 'quix-cloud-test', silentLogger).catch((error: Error) => error);
    if (producer instanceof Error) return producer;
    try {
      await producer.connect();
      return new Error('connected');
    } catch (error) {
      return error as Error;
    } finally {
      await producer.close();
    }
  };

  it('a wrong SDK token: 401, naming the variable, never the token', async () => {
    const portal = await standIn(librdkafkaFor(broker.users.plain));
    try {
      const error = await failure(quixEnv(portal, 't', { Quix__Sdk__Token: 'wrong-token-123' }));
      expect(error).toMatchObject({ code: 'PORTAL_UNAUTHORIZED' });
      expect(error.message).toMatch(/Quix__Sdk__Token/);
      expect(error.message).not.toMatch(/wrong-token-123/);
    } finally {
      await portal.close();
    }
  });

  it('an unknown workspace', async () => {
    const portal = await standIn(librdkafkaFor(broker.users.plain));
    try {
      const error = await failure(quixEnv(portal, 't', { Quix__Workspace__Id: 'nope' }));
      expect(error.message).toMatch(/Workspace "nope" was not found.*Quix__Workspace__Id/);
    } finally {
      await portal.close();
    }
  });

  it('a Portal API that keeps failing gives up after its retries', async () => {
    const portal = await standIn(librdkafkaFor(broker.users.plain));
    portal.failNext(/broker\/librdkafka/, 503, 10);
    try {
      const error = await failure(quixEnv(portal, 't'));
      expect(error).toMatchObject({ code: 'PORTAL_REQUEST_FAILED' });
      expect(error.message).toMatch(/after 5 attempts \(last: HTTP 503\)/);
    } finally {
      await portal.close();
    }
  });

  it.each([
    ['a wrong password', () => librdkafkaFor({ ...broker.users.scramSha256, password: 'wrong' }), () => broker.certificates.caPem, /authentication failed/i],
    ['a CA that did not sign the broker', () => librdkafkaFor(broker.users.plain), () => broker.certificates.otherCaPem, /certificate/i],
    ['an unreachable broker', () => librdkafkaFor(broker.users.plain, { 'bootstrap.servers': '127.0.0.1:1' }), () => broker.certificates.caPem, /ECONNREFUSED|Connection error/i],
  ])('%s stops the connection with a message saying so', async (_name, settings, ca, reason) => {
    const portal = await standIn(settings(), ca());
    try {
      const error = await failure(quixEnv(portal, 'x'));
      expect(error).toMatchObject({ code: 'CONNECT_FAILED' });
      expect(error.message).toMatch(reason);
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
