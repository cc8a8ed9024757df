import { loadConfig } from '@quix-connectors/config';
import { silentLogger } from '../logger.js';
import { producerCrossChecks, producerVariables } from '../producer-variables.js';
import { connectionKind } from './kafka-endpoint.js';
import { resolveOutput } from './resolve-output.js';

const variables = producerVariables({ topic: 'out' });
const configFrom = (env: Record<string, string>) => loadConfig(variables, env, producerCrossChecks);

describe('which connection a configuration means', () => {
  it.each<[{ brokers?: string[]; sdkToken?: string }, string]>([
    [{ brokers: ['k:9092'] }, 'kafka'],
    [{ brokers: ['k:9092'], sdkToken: 'tok' }, 'kafka'], // as in quixstreams: a broker address means plain Kafka
    [{ sdkToken: 'tok' }, 'quix-cloud'],
    [{}, 'stdout'],
    [{ brokers: [] }, 'stdout'],
  ])('%j -> %s', (settings, kind) => {
    expect(connectionKind(settings)).toBe(kind);
  });

  it('builds plain Kafka with SASL and TLS from the KAFKA_* variables, reading the CA file', async () => {
    const config = configFrom({ KAFKA_BROKERS: 'k:9093', KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' });
    const output = await resolveOutput(config, 'c', silentLogger);
    expect(output).toMatchObject({ kind: 'kafka', idPrefix: '', createTopics: true });
    expect(output.topicId('out')).toBe('out');
  });

  it('names the unreadable TLS file', async () => {
    const config = configFrom({ KAFKA_BROKERS: 'k:9093', KAFKA_TLS_CA_FILE: '/nonexistent/ca.pem' });
    await expect(resolveOutput(config, 'c', silentLogger)).rejects.toThrow(/KAFKA_TLS_CA_FILE: cannot read \/nonexistent\/ca.pem \(ENOENT\)/);
  });
});

describe('settings that go together', () => {
  const problems = (env: Record<string, string>) => {
    try {
      configFrom(env);
      return [];
    } catch (error) {
      return (error as { problems: { variable: string }[] }).problems.map((p) => p.variable);
    }
  };

  it.each([
    [{ KAFKA_SASL_MECHANISM: 'plain' }, ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']],
    [{ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, ['KAFKA_SASL_MECHANISM']],
    [{ KAFKA_TLS_CERT_FILE: '/c.pem' }, ['KAFKA_TLS_KEY_FILE']],
    [{ Quix__Sdk__Token: 't' }, ['Quix__Portal__Api']], // the workspace can come from GET /workspaces
    [{ Quix__Sdk__Token: 't', KAFKA_BROKERS: 'k:1' }, []],
    [{ Quix__Sdk__Token: 't', Quix__Portal__Api: 'portal-api.example.com', Quix__Workspace__Id: 'ws' }, []],
  ])('%j -> problems with %j', (env, expected) => {
    expect(problems(env)).toEqual(expected);
  });

  it('adds https:// to a Portal API given without a scheme, as Quix docs sometimes show it', () => {
    expect(configFrom({ Quix__Sdk__Token: 't', Quix__Portal__Api: 'portal-api.example.com', Quix__Workspace__Id: 'ws' }).portalApi).toBe(
      'https://portal-api.example.com',
    );
  });
});
