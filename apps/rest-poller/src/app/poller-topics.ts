import { deadLetterTopicOf, type TransactionSettings } from '@quix-connectors/quix-producer';
import type { RestPollerConfig } from './resolve-endpoints.js';

/**
 * Where a deployment's state goes and under which transactional id it commits. The id is per
 * deployment: every instance with it fences the others (Kafka lets one producer per id commit),
 * so one deployment runs one replica, and each set of endpoints is its own deployment.
 */
export function pollerTransactions(config: RestPollerConfig): TransactionSettings & { stateTopic: string } {
  const deadLetters = config.badRecordPolicy === 'dead-letter' ? [deadLetterTopicOf(config)] : [];
  return {
    transactionalId: config.transactionalId ?? `rest-poller-${config.deploymentId ?? config.topic}`,
    stateTopic: config.stateTopic ?? `${config.topic}-rest-poller-state`,
    extraDataTopics: deadLetters,
  };
}
