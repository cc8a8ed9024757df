import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { readAll, startSecureKafkaBroker, type SecureKafkaBroker } from '@quix-connectors/testing';
import { connectFailure, librdkafkaFor, publishOneRow, quixEnv, recordingLogger, standIn } from './test/quix-cloud-harness.js';

// How the client trusts a Quix broker's certificate. A workspace without a CA of its own gives
// none (and quixstreams never asks for the certificates zip): the system's CAs decide. Broker
// settings may turn the hostname check or the whole certificate check off, as librdkafka's do.

let broker: SecureKafkaBroker;
beforeAll(async () => {
  broker = await startSecureKafkaBroker();
}, 120_000);
afterAll(() => broker?.stop());

const withoutCa = { certificatesEndpoint: false } as const;

describe('a workspace whose broker settings carry no CA (and no certificates endpoint: 404)', () => {
  // The system's CAs are Node's default trust store: the test CA is added to it for one test,
  // as an operator would with NODE_EXTRA_CA_CERTS or the image's CA bundle.
  const systemCas = getCACertificates('default');
  afterEach(() => setDefaultCACertificates(systemCas));

  it('connects when the system trusts the broker certificate', async () => {
    setDefaultCACertificates([...systemCas, broker.certificates.caPem]);
    const portal = await standIn(broker, librdkafkaFor(broker, broker.users.scramSha256), withoutCa);
    try {
      const topicId = await publishOneRow(quixEnv(portal, 'system-ca'));
      expect(await readAll(broker.brokers, topicId, { idleMs: 10_000 })).toHaveLength(1);
      expect(portal.requests.filter((r) => r.path.includes('/certificates'))).toEqual([]);
    } finally {
      await portal.close();
    }
  });

  it('fails on the certificate, saying so, when the system does not trust it', async () => {
    const portal = await standIn(broker, librdkafkaFor(broker, broker.users.scramSha256), withoutCa);
    try {
      const error = await connectFailure(quixEnv(portal, 'untrusted'));
      expect(error).toMatchObject({ code: 'CONNECT_FAILED' });
      expect(error.message).toMatch(/certificate/i);
    } finally {
      await portal.close();
    }
  });
});

describe("a broker whose certificate does not name the address it is reached at", () => {
  const wrongName = (overrides: Record<string, unknown>) =>
    librdkafkaFor(broker, broker.users.plain, { 'bootstrap.servers': broker.saslSslWrongName, ...overrides });

  it.each([{}, { 'ssl.endpoint.identification.algorithm': 'https' }])('is refused with hostname verification on: %j', async (overrides) => {
    const portal = await standIn(broker, wrongName(overrides), { certificatePem: broker.certificates.caPem });
    try {
      const error = await connectFailure(quixEnv(portal, 'wrong-name'));
      expect(error).toMatchObject({ code: 'CONNECT_FAILED' });
      expect(error.message).toMatch(/altnames/i);
    } finally {
      await portal.close();
    }
  });

  it('is accepted with ssl.endpoint.identification.algorithm=none (the CA still checked)', async () => {
    const portal = await standIn(broker, wrongName({ 'ssl.endpoint.identification.algorithm': 'none' }), { certificatePem: broker.certificates.caPem });
    try {
      const topicId = await publishOneRow(quixEnv(portal, 'no-hostname-check'));
      expect(await readAll(broker.brokers, topicId, { idleMs: 10_000 })).toHaveLength(1);
    } finally {
      await portal.close();
    }
    const untrusted = await standIn(broker, wrongName({ 'ssl.endpoint.identification.algorithm': 'none' }), { certificatePem: broker.certificates.otherCaPem });
    try {
      expect((await connectFailure(quixEnv(untrusted, 'no-hostname-check'))).message).toMatch(/certificate/i);
    } finally {
      await untrusted.close();
    }
  });
});

describe('enable.ssl.certificate.verification=false', () => {
  it('connects without any CA that signed the broker, and warns that nothing is checked', async () => {
    const settings = librdkafkaFor(broker, broker.users.scramSha512, { 'bootstrap.servers': broker.saslSslWrongName, 'enable.ssl.certificate.verification': 'false' });
    const portal = await standIn(broker, settings, { certificatePem: broker.certificates.otherCaPem });
    const logger = recordingLogger();
    try {
      const topicId = await publishOneRow(quixEnv(portal, 'unverified'), logger);
      expect(await readAll(broker.brokers, topicId, { idleMs: 10_000 })).toHaveLength(1);
      expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: expect.stringMatching(/certificate verification off/) }));
    } finally {
      await portal.close();
    }
  });
});
