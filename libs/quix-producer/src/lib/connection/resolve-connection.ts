import { readFile } from 'node:fs/promises';
import { ProducerError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ProducerVariablesConfig } from '../producer-variables.js';
import { connectQuixCloud } from '../quix-cloud/connect-quix-cloud.js';
import { KafkaSink } from '../sink/kafka-sink.js';
import type { Sink } from '../sink/sink.js';
import { StdoutSink } from '../sink/stdout-sink.js';
import { saslOptions, type KafkaSecurity } from './kafka-security.js';

export type ConnectionKind = 'kafka' | 'quix-cloud' | 'stdout';

/**
 * Which way to publish, as quixstreams decides it: a broker address means plain Kafka (even when
 * an SDK token is also set); else an SDK token means Quix Cloud; else stdout.
 */
export function connectionKind(settings: { brokers?: readonly string[]; sdkToken?: string }): ConnectionKind {
  if (settings.brokers && settings.brokers.length > 0) return 'kafka';
  if (settings.sdkToken) return 'quix-cloud';
  return 'stdout';
}

export interface ResolvedConnection {
  kind: ConnectionKind;
  sink: Sink;
  /** The Kafka topic to write: the configured name, or its Quix Cloud id. */
  topic: string;
}

/** Quix's load balancer drops idle connections after about 4 minutes; quixstreams refreshes sooner. */
const QUIX_METADATA_MAX_AGE_MS = 180_000;

export async function resolveConnection(config: ProducerVariablesConfig, clientId: string, logger: Logger): Promise<ResolvedConnection> {
  const kind = connectionKind(config);
  const common = { clientId, connectTimeoutMs: config.connectTimeoutMs, logger };
  if (kind === 'stdout') {
    logger.warn(
      {},
      'No broker configured: messages go to stdout as JSON lines. To publish, set Quix__Broker__Address ' +
        '(or KAFKA_BROKERS) to your Kafka bootstrap servers, or run as a Quix deployment (Quix__Sdk__Token).',
    );
    return { kind, sink: new StdoutSink(), topic: config.topic };
  }
  if (kind === 'kafka') {
    if (config.sdkToken) logger.info({}, 'Quix__Broker__Address is set, so the Quix SDK token is not used to connect');
    const security = await selfManagedSecurity(config);
    const sink = new KafkaSink({ ...common, brokers: config.brokers ?? [], createTopic: config.createTopic, ...security });
    return { kind, sink, topic: config.topic };
  }
  const cloud = await connectQuixCloud({
    sdkToken: config.sdkToken ?? '',
    portalApi: config.portalApi ?? '',
    workspaceId: config.workspaceId ?? '',
    topic: config.topic,
    createTopic: config.createTopic,
    logger,
  });
  const sink = new KafkaSink({
    ...common,
    brokers: cloud.brokers,
    ssl: cloud.ssl,
    sasl: cloud.sasl,
    createTopic: false, // the Portal API created it
    metadataMaxAgeMs: QUIX_METADATA_MAX_AGE_MS,
  });
  logger.info({ workspaceId: config.workspaceId, topic: config.topic, topicId: cloud.topicId }, 'connecting through Quix Cloud');
  return { kind, sink, topic: cloud.topicId };
}

/** SASL and TLS for a self-managed cluster, from the KAFKA_SASL_* and KAFKA_TLS* variables. */
async function selfManagedSecurity(config: ProducerVariablesConfig): Promise<KafkaSecurity> {
  const security: KafkaSecurity = {};
  if (config.saslMechanism && config.saslUsername && config.saslPassword) {
    security.sasl = saslOptions(config.saslMechanism, config.saslUsername, config.saslPassword);
  }
  const tlsOn = config.tls ?? Boolean(config.tlsCaFile || config.tlsCertFile);
  if (tlsOn) {
    security.ssl = {
      ...(config.tlsCaFile ? { ca: [await readPem('KAFKA_TLS_CA_FILE', config.tlsCaFile)] } : {}),
      ...(config.tlsCertFile ? { cert: await readPem('KAFKA_TLS_CERT_FILE', config.tlsCertFile) } : {}),
      ...(config.tlsKeyFile ? { key: await readPem('KAFKA_TLS_KEY_FILE', config.tlsKeyFile) } : {}),
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
