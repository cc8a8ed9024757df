import { KafkaClient } from '../kafka/kafka-client.js';
import type { Logger } from '../logger.js';
import type { ExtraTopic } from '../quix-cloud/connect-quix-cloud.js';
import { connectionKind, kafkaClientOptions, resolveKafkaEndpoint, type ConnectionKind, type ConnectionSettings } from './kafka-endpoint.js';

/** Where the connector publishes, resolved once at start. */
export interface ResolvedOutput {
  kind: ConnectionKind;
  /** The one Kafka client; undefined when publishing to stdout. */
  client: KafkaClient | undefined;
  /** A topic name as configured -> the Kafka topic to write (its Quix Cloud id, or the name). */
  topicId(name: string): string;
  /** Before consumer group and transactional ids (Quix Cloud scopes them to the workspace). */
  idPrefix: string;
  /** Create missing topics through Kafka's admin API (plain Kafka with KAFKA_CREATE_TOPIC). */
  createTopics: boolean;
}

/**
 * Plain Kafka (with its SASL and TLS settings), Quix Cloud (broker settings and topic ids from
 * the Portal API, creating missing topics, `extraTopics` too), or stdout when neither is set.
 */
export async function resolveOutput(
  settings: ConnectionSettings,
  clientId: string,
  logger: Logger,
  extraTopics: readonly ExtraTopic[] = [],
): Promise<ResolvedOutput> {
  const kind = connectionKind(settings);
  if (kind === 'stdout') {
    logger.warn(
      {},
      'No broker configured: messages go to stdout as JSON lines. To publish, set Quix__Broker__Address ' +
        '(or KAFKA_BROKERS) to your Kafka bootstrap servers, or run as a Quix deployment (Quix__Sdk__Token).',
    );
    return { kind, client: undefined, topicId: (name) => name, idPrefix: '', createTopics: false };
  }
  const endpoint = await resolveKafkaEndpoint(settings, logger, extraTopics);
  const client = new KafkaClient({ clientId, logger, ...kafkaClientOptions(endpoint) });
  return {
    kind,
    client,
    topicId: (name) => endpoint.topicIds[name] ?? name,
    idPrefix: endpoint.idPrefix,
    createTopics: endpoint.createTopics,
  };
}
