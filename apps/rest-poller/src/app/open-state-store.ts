import { connectionKind, kafkaClientOptions, resolveKafkaEndpoint, type ConnectionSettings } from '@quix-connectors/quix-producer';
import type { Logger } from '@quix-connectors/service';
import { KafkaStateStore } from './kafka-state-store.js';
import { MemoryStateStore, type StateStore } from './state-store.js';

/** The state topic's name when STATE_TOPIC is unset. */
export const defaultStateTopic = (outputTopic: string) => `${outputTopic}-rest-poller-state`;

/**
 * Where endpoint state lives: the compacted state topic on the same Kafka as the output (plain
 * Kafka with its SASL/TLS settings, or Quix Cloud, whose Portal API creates the topic compacted);
 * in memory only when publishing to stdout.
 */
export async function openStateStore(config: ConnectionSettings & { stateTopic?: string; dedupeMaxIds: number; lingerMs: number }, logger: Logger): Promise<StateStore> {
  if (connectionKind(config) === 'stdout') {
    logger.warn('no Kafka: dedupe ids, validators and resume points are kept in memory only and lost on restart');
    return new MemoryStateStore(config.dedupeMaxIds);
  }
  const name = config.stateTopic ?? defaultStateTopic(config.topic);
  const endpoint = await resolveKafkaEndpoint(config, logger, [{ name, create: true, cleanupPolicy: 'compact' }]);
  return new KafkaStateStore({
    ...kafkaClientOptions(endpoint),
    topic: endpoint.topicIds[name] ?? name,
    clientId: 'rest-poller-state',
    createTopic: endpoint.createTopics,
    groupIdPrefix: endpoint.idPrefix,
    maxIds: config.dedupeMaxIds,
    lingerMs: config.lingerMs,
  });
}
