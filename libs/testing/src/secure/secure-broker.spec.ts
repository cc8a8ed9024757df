import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { startSecureKafkaBroker, type SaslUser, type SecureKafkaBroker } from './secure-broker.ts';

describe('startSecureKafkaBroker', () => {
  let broker: SecureKafkaBroker;
  beforeAll(async () => {
    broker = await startSecureKafkaBroker();
  }, 120_000);
  afterAll(() => broker?.stop());

  // kafkajs keeps state on the sasl object it is given, so every client gets a fresh one.
  const client = ({ mechanism, username, password }: SaslUser, ca: string, address = broker.saslSsl, tls: object = {}) =>
    new Kafka({
      clientId: 't',
      brokers: [address],
      ssl: { ca: [ca], ...tls },
      sasl: { mechanism, username, password } as SASLOptions,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 5000,
    });

  it.each(['plain', 'scramSha256', 'scramSha512'] as const)('accepts the %s user over SASL_SSL with the test CA', async (user) => {
    const admin = client(broker.users[user], broker.certificates.caPem).admin();
    await admin.connect();
    await expect(admin.listTopics()).resolves.toEqual(expect.any(Array));
    await admin.disconnect();
  });

  it('refuses a wrong password, and a CA that did not sign the broker', async () => {
    const listWith = async (kafka: Kafka) => {
      const admin = kafka.admin();
      try {
        await admin.connect();
        return await admin.listTopics();
      } finally {
        await admin.disconnect();
      }
    };
    const outcome = async (kafka: Kafka) => listWith(kafka).then(() => 'connected', (e: Error) => e.message);
    expect(await outcome(client({ ...broker.users.scramSha256, password: 'nope' }, broker.certificates.caPem))).toMatch(/authentication failed/i);
    expect(await outcome(client({ ...broker.users.plain, password: 'nope' }, broker.certificates.caPem))).toMatch(/authentication failed/i);
    expect(await outcome(client(broker.users.plain, broker.certificates.otherCaPem))).toMatch(/certificate/i);
  });

  it("has a listener whose certificate, signed by the test CA, does not name its address", async () => {
    const outcome = async (tls: object) => {
      const admin = client(broker.users.plain, broker.certificates.caPem, broker.saslSslWrongName, tls).admin();
      try {
        await admin.connect();
        await admin.listTopics();
        return 'connected';
      } catch (error) {
        return (error as Error).message;
      } finally {
        await admin.disconnect();
      }
    };
    expect(await outcome({})).toMatch(/altnames/i);
    expect(await outcome({ checkServerIdentity: () => undefined })).toBe('connected');
  });

});
