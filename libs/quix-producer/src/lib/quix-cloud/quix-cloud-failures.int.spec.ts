import { startSecureKafkaBroker, type SecureKafkaBroker } from '@quix-connectors/testing';
import { silentLogger } from '../logger.js';
import { connectQuixCloud, type QuixCloudSettings } from './connect-quix-cloud.js';
import { connectFailure, librdkafkaFor, quixEnv, standIn, TOKEN, WS } from './test/quix-cloud-harness.js';

// Each way a Quix Cloud connection can go wrong stops it with an error that says which variable
// or setting to check. Retries follow quixstreams (here with tiny waits): GETs after connection
// errors, timeouts and 5xx; a POST never.

let broker: SecureKafkaBroker;
beforeAll(async () => {
  broker = await startSecureKafkaBroker();
}, 120_000);
afterAll(() => broker?.stop());

const fastRetry = { attempts: 6, initialMs: 10, maxMs: 40 };
const connectWith = (url: string, more: Partial<QuixCloudSettings> = {}) =>
  connectQuixCloud({ sdkToken: TOKEN, portalApi: url, workspaceId: WS, topic: 't', createTopic: true, logger: silentLogger, retry: fastRetry, ...more }).catch(
    (e: Error) => e,
  );

describe('the Portal API', () => {
  it('that does not answer times out, is retried as quixstreams does (6 attempts), then gives up saying so', async () => {
    const portal = await standIn(broker, librdkafkaFor(broker, broker.users.plain));
    portal.hangNext(/broker\/librdkafka/, 10);
    try {
      const error = await connectWith(portal.url, { requestTimeoutMs: 300 });
      expect(error).toMatchObject({ code: 'PORTAL_REQUEST_FAILED', retriable: true });
      expect((error as Error).message).toMatch(/after 6 attempts; last: .*(timeout|aborted)/i);
      expect(portal.requests.filter((r) => r.path.endsWith('/broker/librdkafka'))).toHaveLength(6);
    } finally {
      await portal.close();
    }
  });

  it('that keeps answering 503 gives up after its retries', async () => {
    const portal = await standIn(broker, librdkafkaFor(broker, broker.users.plain));
    portal.failNext(/broker\/librdkafka/, 503, 10);
    try {
      const error = await connectWith(portal.url);
      expect((error as Error).message).toMatch(/after 6 attempts; last: HTTP 503/);
    } finally {
      await portal.close();
    }
  });

  it('never retries creating a topic: one POST, one more lookup, then the POST error', async () => {
    const portal = await standIn(broker, librdkafkaFor(broker, broker.users.plain));
    portal.failNext(/\/topics$/, 503, 5);
    try {
      const error = await connectWith(portal.url, { topic: 'never-created' });
      expect((error as Error).message).toMatch(/POST .*topics \(POST is never retried; last: HTTP 503\)/);
      const calls = portal.requests.filter((r) => r.path.includes('/topics')).map((r) => r.method);
      expect(calls).toEqual(['GET', 'POST', 'GET']);
    } finally {
      await portal.close();
    }
  });
});

describe('what the user set wrong', () => {
  it('a wrong SDK token: 401, naming the variable, never the token', async () => {
    const portal = await standIn(broker, librdkafkaFor(broker, broker.users.plain));
    try {
      const error = await connectFailure(quixEnv(portal, 't', { Quix__Sdk__Token: 'wrong-token-123' }));
      expect(error).toMatchObject({ code: 'PORTAL_UNAUTHORIZED' });
      expect(error.message).toMatch(/Quix__Sdk__Token/);
      expect(error.message).not.toMatch(/wrong-token-123/);
    } finally {
      await portal.close();
    }
  });

  it('an unknown workspace', async () => {
    const portal = await standIn(broker, librdkafkaFor(broker, broker.users.plain));
    try {
      const error = await connectFailure(quixEnv(portal, 't', { Quix__Workspace__Id: 'nope' }));
      expect(error.message).toMatch(/Workspace "nope" was not found.*Quix__Workspace__Id/);
    } finally {
      await portal.close();
    }
  });

  it.each([
    [[], /sees no workspace/],
    [['acme-prod', 'acme-dev'], /sees 2 workspaces \(acme-prod, acme-dev\)/],
  ])('no Quix__Workspace__Id and the token sees %j: stops, naming the variable', async (workspaces, seen) => {
    const portal = await standIn(broker, librdkafkaFor(broker, broker.users.plain), { workspaces });
    try {
      const error = await connectFailure(quixEnv(portal, 't', { Quix__Workspace__Id: undefined }));
      expect(error).toMatchObject({ code: 'WORKSPACE_NOT_DETERMINED', retriable: false });
      expect(error.message).toMatch(seen);
      expect(error.message).toMatch(/set Quix__Workspace__Id/);
      expect(portal.requests.map((r) => r.path)).toEqual(['/workspaces']);
    } finally {
      await portal.close();
    }
  });

  it.each([
    ['a wrong password', () => librdkafkaFor(broker, { ...broker.users.scramSha256, password: 'wrong' }), () => broker.certificates.caPem, /authentication failed/i],
    ['a CA that did not sign the broker', () => librdkafkaFor(broker, broker.users.plain), () => broker.certificates.otherCaPem, /certificate/i],
    ['an unreachable broker', () => librdkafkaFor(broker, broker.users.plain, { 'bootstrap.servers': '127.0.0.1:1' }), () => broker.certificates.caPem, /ECONNREFUSED|Connection error/i],
  ])('%s stops the connection with a message saying so', async (_name, settings, ca, reason) => {
    const portal = await standIn(broker, settings(), { certificatePem: ca() });
    try {
      const error = await connectFailure(quixEnv(portal, 'x'));
      expect(error).toMatchObject({ code: 'CONNECT_FAILED' });
      expect(error.message).toMatch(reason);
    } finally {
      await portal.close();
    }
  });

  it('broker settings that need what this client cannot do (Kerberos) stop it, naming the keys', async () => {
    const portal = await standIn(broker, librdkafkaFor(broker, broker.users.plain, { 'sasl.kerberos.service.name': 'kafka' }));
    try {
      const error = await connectFailure(quixEnv(portal, 'x'));
      expect(error.message).toMatch(/needs sasl.kerberos.service.name, which this connector cannot use/);
    } finally {
      await portal.close();
    }
  });
});
