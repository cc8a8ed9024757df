import type { StateTopic } from '@quix-connectors/quix-producer';
import type { Logger } from '@quix-connectors/service';
import { KafkaStateStore } from './kafka-state-store.js';
import { MemoryStateStore, type StateStore } from './state-store.js';

/** The state topic: STATE_TOPIC, or the output topic's name with `-rest-poller-state`. */
export const stateTopicName = (config: { topic: string; stateTopic?: string }) => config.stateTopic ?? `${config.topic}-rest-poller-state`;

/**
 * Where endpoint state lives: the compacted state topic on the same Kafka as the output (plain
 * Kafka, or Quix Cloud, whose Portal API creates the topic compacted); in memory only when
 * publishing to stdout (no `topic`).
 */
export function openStateStore(topic: StateTopic | undefined, config: { dedupeMaxIds: number; lingerMs: number }, logger: Logger): StateStore {
  if (!topic) {
    logger.warn('no Kafka: dedupe ids, validators and resume points are kept in memory only and lost on restart');
    return new MemoryStateStore(config.dedupeMaxIds);
  }
  return new KafkaStateStore(topic, { maxIds: config.dedupeMaxIds, lingerMs: config.lingerMs });
}
