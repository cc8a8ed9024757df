import { portalBrokerSettings, readCommitted, startPortalStandIn, startSecureKafkaBroker, topicConfigValue, type SecureKafkaBroker } from '@quix-connectors/testing';
import { runImporter } from './test-support/run-importer.js';
import { numberedCsv, tortureDir } from './test-support/torture.js';

// The built importer over a real broker's SASL_SSL listener: configured as plain Kafka with
// KAFKA_SASL_* and KAFKA_TLS_CA_FILE, and as a Quix deployment (SDK token; a Portal API stand-in
// hands out the same listener). Its transactions commit there; the test reads back over PLAINTEXT.

const TOKEN = 'sdk-token-for-csv-tests';
const WS = 'acme-csv';
const files = tortureDir();
let broker: SecureKafkaBroker;

beforeAll(async () => {
  broker = await startSecureKafkaBroker();
}, 120_000);
afterAll(() => broker?.stop());

const ids = (messages: { value: Buffer }[]) => messages.map((m) => Number((JSON.parse(m.value.toString()) as { id: number }).id));
const sequence = (n: number) => [...Array(n).keys()];

describe('csv-importer on a secured broker', () => {
  it('imports over SASL_SSL (SCRAM-SHA-512, the CA from a file), exactly once across two runs', async () => {
    const user = broker.users.scramSha512;
    const topic = `secure-${Date.now()}`;
    const path = files.write('secure.csv', numberedCsv(700));
    const env = {
      KAFKA_BROKERS: broker.saslSsl,
      KAFKA_SASL_MECHANISM: user.mechanism,
      KAFKA_SASL_USERNAME: user.username,
      KAFKA_SASL_PASSWORD: user.password,
      KAFKA_TLS_CA_FILE: files.write('ca.pem', broker.certificates.caPem),
      output: topic,
      COMMIT_EVERY_ROWS: '300',
    };
    const first = runImporter([path], env);
    expect(await first.exited).toEqual({ code: 0, signal: null });
    const second = runImporter([path], env);
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.logs().some((l) => l['outcome'] === 'already-imported')).toBe(true);
    expect(ids(await readCommitted(broker.brokers, topic))).toEqual(sequence(700));
  });

  it('stops with a clear error, naming the broker, when the password is wrong', async () => {
    const user = broker.users.scramSha256;
    const path = files.write('wrong.csv', numberedCsv(5));
    const app = runImporter([path], {
      KAFKA_BROKERS: broker.saslSsl,
      KAFKA_SASL_MECHANISM: user.mechanism,
      KAFKA_SASL_USERNAME: user.username,
      KAFKA_SASL_PASSWORD: 'not-the-password',
      KAFKA_TLS_CA_FILE: files.write('ca2.pem', broker.certificates.caPem),
      output: `wrong-${Date.now()}`,
      KAFKA_CONNECT_TIMEOUT_MS: '3000',
    });
    expect(await app.exited).toEqual({ code: 1, signal: null });
    const fatal = app.logs().find((l) => l['level'] === 60 || l['level'] === 'fatal');
    expect(String(fatal?.['msg'])).toMatch(/SASL|[Aa]uthentication/);
    expect(app.output().stderr).not.toContain('not-the-password');
  });

  it('as a Quix deployment: resolves its topics through the Portal API (positions compacted) and imports exactly once', async () => {
    const user = broker.users.plain;
    const portal = await startPortalStandIn({
      token: TOKEN,
      workspaceId: WS,
      librdkafka: portalBrokerSettings(broker, user),
      adminBrokers: broker.brokers,
      creatingPolls: 1,
    });
    try {
      const path = files.write('cloud.csv', numberedCsv(400));
      const env = { Quix__Sdk__Token: TOKEN, Quix__Portal__Api: portal.url, Quix__Workspace__Id: WS, output: 'csv-cloud', COMMIT_EVERY_ROWS: '150' };
      const first = runImporter([path], env);
      expect(await first.exited).toEqual({ code: 0, signal: null });
      // scoped to the workspace, so importers of two workspaces on one cluster never fence each other
      expect(first.logs().find((l) => l['msg'] === 'connected')?.['destination']).toContain(`(transactional id ${WS}-csv-importer-csv-cloud)`);
      const second = runImporter([path], env);
      expect(await second.exited).toEqual({ code: 0, signal: null });
      expect(second.logs().some((l) => l['outcome'] === 'already-imported')).toBe(true);

      expect(ids(await readCommitted(broker.brokers, `${WS}-csv-cloud`))).toEqual(sequence(400));
      const created = portal.requests.filter((r) => r.method === 'POST').map((r) => r.path);
      expect(created).toEqual([`/${WS}/topics`, `/${WS}/topics`]); // output and positions, once
      expect(await topicConfigValue(broker.brokers, `${WS}-csv-cloud-csv-positions`, 'cleanup.policy')).toBe('compact');
    } finally {
      await portal.close();
    }
  });
});
