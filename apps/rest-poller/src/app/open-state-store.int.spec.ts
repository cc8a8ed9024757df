import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveOutput, stateTopicOn, type ConnectionSettings } from '@quix-connectors/quix-producer';
import { portalBrokerSettings, startPortalStandIn, startSecureKafkaBroker, topicConfigValue, type SecureKafkaBroker } from '@quix-connectors/testing';
import { silent } from '../test/harness.js';
import type { EndpointState, StateChange } from './endpoint-state.js';
import { openStateStore, stateTopicName } from './open-state-store.js';

// The state store over a real broker's SASL_SSL listener, configured as plain Kafka with
// KAFKA_SASL_* and a CA file, and as a Quix deployment through a Portal API stand-in.

const TOKEN = 'sdk-token-for-rest-poller-tests';
const WS = 'acme-rest';
let broker: SecureKafkaBroker;

beforeAll(async () => {
  broker = await startSecureKafkaBroker();
}, 120_000);
afterAll(() => broker?.stop());

const base: ConnectionSettings = {
  topic: 'rest-data',
  createTopic: true,
  connectTimeoutMs: 10_000,
  brokers: undefined,
  sdkToken: undefined,
  portalApi: undefined,
  workspaceId: undefined,
  saslMechanism: undefined,
  saslUsername: undefined,
  saslPassword: undefined,
  tls: undefined,
  tlsCaFile: undefined,
  tlsCertFile: undefined,
  tlsKeyFile: undefined,
};
const weather: StateChange = { newIds: ['a', 'b'], etag: '"v2"' };
const prices: StateChange = { newIds: ['1'], lastModified: 'Mon, 23 Nov 2026 10:00:00 GMT', resume: { url: 'http://api/prices', query: { page: '3' } } };
const expected: Record<string, EndpointState> = {
  weather: { ids: ['a', 'b', 'c'], etag: '"v3"' },
  prices: { ids: ['1'], lastModified: prices.lastModified, resume: prices.resume },
};

/** Saves at once, then once more, closes, opens again and returns what was read back. */
async function roundTrip(config: ConnectionSettings & { stateTopic?: string }): Promise<Record<string, EndpointState>> {
  const settings = { ...config, dedupeMaxIds: 100, lingerMs: 20 };
  // As the runtime opens it: the output resolved with the state topic as an extra topic.
  const open = async () => {
    const name = stateTopicName(config);
    const output = await resolveOutput(config, 'rest-poller', silent, [{ name, create: true, cleanupPolicy: 'compact' }]);
    return openStateStore(stateTopicOn(output, name, { writerId: 'rest-poller', readTimeoutMs: 30_000, logger: silent }), settings, silent);
  };
  const writer = await open();
  expect((await writer.load()).size).toBe(0);
  await Promise.all([writer.save('weather', weather), writer.save('prices', prices)]);
  await writer.save('weather', { newIds: ['c'], etag: '"v3"' });
  await writer.close();
  const reader = await open();
  try {
    return Object.fromEntries(await reader.load());
  } finally {
    await reader.close();
  }
}

describe('the rest-poller state store on a secured broker', () => {
  it('keeps state in a compacted topic over SASL_SSL (SCRAM-SHA-256, CA from a file), the newest state per endpoint', async () => {
    const user = broker.users.scramSha256;
    const caFile = join(mkdtempSync(join(tmpdir(), 'rest-state-')), 'ca.pem');
    writeFileSync(caFile, broker.certificates.caPem);
    const stateTopic = `rest-state-${Date.now()}`;
    const read = await roundTrip({
      ...base,
      brokers: [broker.saslSsl],
      saslMechanism: user.mechanism,
      saslUsername: user.username,
      saslPassword: user.password,
      tlsCaFile: caFile,
      stateTopic,
    });
    expect(read).toEqual(expected);
    expect(await topicConfigValue(broker.brokers, stateTopic, 'cleanup.policy')).toBe('compact');
  });

  it('as a Quix deployment: the Portal API creates the state topic compacted, in the workspace', async () => {
    const user = broker.users.plain;
    const portal = await startPortalStandIn({
      token: TOKEN,
      workspaceId: WS,
      librdkafka: portalBrokerSettings(broker, user),
      adminBrokers: broker.brokers,
      creatingPolls: 1,
    });
    try {
      const output = `rest-cloud-${Date.now()}`;
      const read = await roundTrip({ ...base, topic: output, sdkToken: TOKEN, portalApi: portal.url, workspaceId: WS });
      expect(read).toEqual(expected);
      expect(await topicConfigValue(broker.brokers, `${WS}-${output}-rest-poller-state`, 'cleanup.policy')).toBe('compact');
    } finally {
      await portal.close();
    }
  });
});
