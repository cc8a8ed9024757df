import { loadConfig } from '@quix-connectors/config';
import { saslSslSettings, startPortalStandIn, type PortalStandIn, type PortalStandInOptions, type SaslUser, type SecureKafkaBroker } from '@quix-connectors/testing';
import { createProducer } from '../../create-producer.js';
import { silentLogger, type Logger } from '../../logger.js';
import { producerCrossChecks, producerVariables } from '../../producer-variables.js';

// What the Quix Cloud integration specs share: an app configured only as a Quix deployment is
// (SDK token, Portal API, workspace, output topic), a Portal API stand-in in front of a real
// broker's SASL_SSL listener, and one row published through the producer.

export const TOKEN = 'sdk-token-for-tests';
export const WS = 'acme-prod';

export type ProducerConfig = ReturnType<typeof quixEnv>;

/** The librdkafka settings of the broker's SASL_SSL listener as `user`, without a CA unless overridden. */
export function librdkafkaFor(broker: SecureKafkaBroker, user: SaslUser, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...saslSslSettings(broker, user), ...overrides };
}

export function standIn(broker: SecureKafkaBroker, librdkafka: Record<string, unknown>, more: Partial<PortalStandInOptions> = {}): Promise<PortalStandIn> {
  return startPortalStandIn({ token: TOKEN, workspaceId: WS, librdkafka, adminBrokers: broker.brokers, creatingPolls: 2, ...more });
}

/** The config of a Quix deployment: `extra` may override or (with undefined) remove a variable. */
export function quixEnv(portal: PortalStandIn, topic: string, extra: Record<string, string | undefined> = {}) {
  const env: Record<string, string | undefined> = {
    Quix__Sdk__Token: TOKEN,
    Quix__Portal__Api: portal.url,
    Quix__Workspace__Id: WS,
    output: topic,
    KAFKA_CONNECT_TIMEOUT_MS: '3000',
    ...extra,
  };
  const defined = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  return loadConfig(producerVariables({ topic: 'unused' }), defined, producerCrossChecks);
}

/** Connects, publishes one row to stream s1, closes; returns the Kafka topic written. */
export async function publishOneRow(config: ProducerConfig, logger: Logger = silentLogger): Promise<string> {
  const producer = await createProducer(config, 'quix-cloud-test', logger);
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

/** The error that creating or connecting the producer stops with ("connected" when none). */
export async function connectFailure(config: ProducerConfig): Promise<Error> {
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
}

/** A logger that keeps what was logged at warn and info, to check what a user is told. */
export function recordingLogger(): Logger & { lines: { level: string; msg: string; obj: object }[] } {
  const lines: { level: string; msg: string; obj: object }[] = [];
  const at = (level: string) => (obj: object, msg = '') => void lines.push({ level, msg, obj });
  return { lines, debug: () => undefined, info: at('info'), warn: at('warn'), error: at('error') };
}

export const ROW = '{"Timestamp":1700000000000000001,"v":1}';
