import type { Logger } from '../logger.js';
import type { ProducerVariablesConfig } from '../producer-variables.js';
import { KafkaSink } from '../sink/kafka-sink.js';
import type { Sink } from '../sink/sink.js';
import { StdoutSink } from '../sink/stdout-sink.js';
import { connectionKind, kafkaClientOptions, resolveKafkaEndpoint, type ConnectionKind } from './kafka-endpoint.js';

export interface ResolvedConnection {
  kind: ConnectionKind;
  sink: Sink;
  /** The Kafka topic to write: the configured name, or its Quix Cloud id. */
  topic: string;
}

/** The sink the producer writes to: plain Kafka, Quix Cloud, or stdout when neither is set. */
export async function resolveConnection(config: ProducerVariablesConfig, clientId: string, logger: Logger): Promise<ResolvedConnection> {
  const kind = connectionKind(config);
  if (kind === 'stdout') {
    logger.warn(
      {},
      'No broker configured: messages go to stdout as JSON lines. To publish, set Quix__Broker__Address ' +
        '(or KAFKA_BROKERS) to your Kafka bootstrap servers, or run as a Quix deployment (Quix__Sdk__Token).',
    );
    return { kind, sink: new StdoutSink(), topic: config.topic };
  }
  const endpoint = await resolveKafkaEndpoint(config, logger);
  const sink = new KafkaSink({
    clientId,
    connectTimeoutMs: config.connectTimeoutMs,
    logger,
    ...kafkaClientOptions(endpoint),
    createTopic: endpoint.createTopics,
  });
  return { kind, sink, topic: endpoint.topicIds[config.topic] as string };
}
