import { readFile } from 'node:fs/promises';
import { ProducerError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ProducerVariablesConfig } from '../producer-variables.js';
import { connectQuixCloud, type ExtraTopic } from '../quix-cloud/connect-quix-cloud.js';
import type { BrokerSettings } from '../quix-cloud/broker-settings.js';
import { saslOptions, type KafkaSecurity } from './kafka-security.js';

export type ConnectionKind = 'kafka' | 'quix-cloud' | 'stdout';

/** The variables that say where and how to connect (a subset of producerVariables'). */
export type ConnectionSettings = Pick<
  ProducerVariablesConfig,
  | 'topic' | 'brokers' | 'sdkToken' | 'portalApi' | 'workspaceId' | 'createTopic' | 'connectTimeoutMs'
  | 'saslMechanism' | 'saslUsername' | 'saslPassword' | 'tls' | 'tlsCaFile' | 'tlsCertFile' | 'tlsKeyFile'
>;

/**
 * Which way to publish, as quixstreams decides it: a broker address means plain Kafka (even when
 * an SDK token is also set); else an SDK token means Quix Cloud; else stdout.
 */
export function connectionKind(settings: { brokers?: readonly string[]; sdkToken?: string }): ConnectionKind {
  if (settings.brokers && settings.brokers.length > 0) return 'kafka';
  if (settings.sdkToken) return 'quix-cloud';
  return 'stdout';
}

/** Where a Kafka client connects, with what security, and which Kafka topic each topic name is. */
export interface KafkaEndpoint extends BrokerSettings {
  kind: 'kafka' | 'quix-cloud';
  /** Topic name -> the Kafka topic to use: its Quix Cloud id, or the name itself. */
  topicIds: Record<string, string>;
  /**
   * Put before consumer group and transactional ids: Quix Cloud scopes them to the workspace (as
   * quixstreams does), so two workspaces on one cluster never fence or share each other's.
   */
  idPrefix: string;
  /** Create missing topics through Kafka's admin API: plain Kafka with KAFKA_CREATE_TOPIC; never on Quix Cloud, whose Portal API created them. */
  createTopics: boolean;
  metadataMaxAgeMs?: number;
}

/** What a Kafka client of ours takes from an endpoint. */
export interface KafkaClientOptions extends KafkaSecurity {
  brokers: string[];
  metadataMaxAgeMs?: number;
}

/**
 * The endpoint's connection options for one client. The SASL and TLS objects are fresh copies:
 * kafkajs keeps state in the sasl object it is given, so clients must never share one.
 */
export function kafkaClientOptions(endpoint: KafkaEndpoint): KafkaClientOptions {
  return {
    brokers: [...endpoint.brokers],
    ...(endpoint.ssl === undefined ? {} : { ssl: endpoint.ssl === false ? false : { ...endpoint.ssl } }),
    ...(endpoint.sasl === undefined ? {} : { sasl: { ...endpoint.sasl } }),
    ...(endpoint.metadataMaxAgeMs === undefined ? {} : { metadataMaxAgeMs: endpoint.metadataMaxAgeMs }),
  };
}

/** Quix's load balancer drops idle connections after about 4 minutes; quixstreams refreshes sooner. */
const QUIX_METADATA_MAX_AGE_MS = 180_000;

/**
 * Resolves plain Kafka (KAFKA_SASL_*, KAFKA_TLS*) or Quix Cloud (Portal API: broker settings, and
 * topic ids, creating missing topics) into one endpoint. `extraTopics` are resolved besides
 * `settings.topic`. Throws for stdout: callers that can write there check `connectionKind` first.
 */
export async function resolveKafkaEndpoint(
  settings: ConnectionSettings,
  logger: Logger,
  extraTopics: readonly ExtraTopic[] = [],
): Promise<KafkaEndpoint> {
  const kind = connectionKind(settings);
  if (kind === 'stdout') {
    throw new ProducerError('CONNECT_FAILED', 'No Kafka configured: set Quix__Broker__Address (or KAFKA_BROKERS), or run as a Quix deployment (Quix__Sdk__Token).', false);
  }
  if (kind === 'kafka') {
    if (settings.sdkToken) logger.info({}, 'Quix__Broker__Address is set, so the Quix SDK token is not used to connect');
    const topicIds = Object.fromEntries([settings.topic, ...extraTopics.map((t) => t.name)].map((name) => [name, name]));
    return { kind, brokers: settings.brokers ?? [], ...(await selfManagedSecurity(settings)), topicIds, idPrefix: '', createTopics: settings.createTopic };
  }
  const cloud = await connectQuixCloud({
    sdkToken: settings.sdkToken ?? '',
    portalApi: settings.portalApi ?? '',
    workspaceId: settings.workspaceId,
    topic: settings.topic,
    createTopic: settings.createTopic,
    extraTopics,
    logger,
  });
  logger.info({ workspaceId: cloud.workspaceId, topics: cloud.topicIds }, 'connecting through Quix Cloud');
  return {
    kind,
    brokers: cloud.brokers,
    ...(cloud.ssl === undefined ? {} : { ssl: cloud.ssl }),
    ...(cloud.sasl === undefined ? {} : { sasl: cloud.sasl }),
    topicIds: cloud.topicIds,
    idPrefix: `${cloud.workspaceId}-`,
    createTopics: false,
    metadataMaxAgeMs: QUIX_METADATA_MAX_AGE_MS,
  };
}

/** SASL and TLS for a self-managed cluster, from the KAFKA_SASL_* and KAFKA_TLS* variables. */
async function selfManagedSecurity(settings: ConnectionSettings): Promise<KafkaSecurity> {
  const security: KafkaSecurity = {};
  if (settings.saslMechanism && settings.saslUsername && settings.saslPassword) {
    security.sasl = saslOptions(settings.saslMechanism, settings.saslUsername, settings.saslPassword);
  }
  const tlsOn = settings.tls ?? Boolean(settings.tlsCaFile || settings.tlsCertFile);
  if (tlsOn) {
    security.ssl = {
      ...(settings.tlsCaFile ? { ca: [await readPem('KAFKA_TLS_CA_FILE', settings.tlsCaFile)] } : {}),
      ...(settings.tlsCertFile ? { cert: await readPem('KAFKA_TLS_CERT_FILE', settings.tlsCertFile) } : {}),
      ...(settings.tlsKeyFile ? { key: await readPem('KAFKA_TLS_KEY_FILE', settings.tlsKeyFile) } : {}),
    };
  }
  return security;
}

async function readPem(variable: string, path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new ProducerError('TLS_FILE_UNREADABLE', `${variable}: cannot read ${path} (${(cause as NodeJS.ErrnoException).code ?? cause}).`, false, { cause });
  }
}
