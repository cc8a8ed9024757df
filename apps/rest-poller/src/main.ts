import { runService } from '@quix-connectors/service';
import { KafkaStateStore } from './app/kafka-state-store.js';
import { resolveEndpoints } from './app/resolve-endpoints.js';
import { startRestPoller } from './app/rest-poller.js';
import { restPollerVariables } from './app/rest-variables.js';
import { MemoryStateStore, type StateStore } from './app/state-store.js';

await runService({
  name: 'rest-poller',
  variables: restPollerVariables,
  start: ({ config, producer, logger, metrics }) => {
    const endpoints = resolveEndpoints(config);
    let store: StateStore;
    if (config.brokers && config.brokers.length > 0) {
      store = new KafkaStateStore({ brokers: config.brokers, topic: config.stateTopic ?? `${config.topic}-rest-poller-state`, clientId: 'rest-poller-state' });
    } else {
      logger.warn('no Kafka broker: dedupe ids, validators and resume points are kept in memory only and lost on restart');
      store = new MemoryStateStore();
    }
    return startRestPoller({ producer, endpoints, store, logger, metrics, dedupeMaxIds: config.dedupeMaxIds });
  },
});
