import { runService } from '@quix-connectors/service';
import { openStateStore, stateTopicName } from './app/open-state-store.js';
import { resolveEndpoints } from './app/resolve-endpoints.js';
import { startRestPoller } from './app/rest-poller.js';
import { restPollerVariables } from './app/rest-variables.js';

await runService({
  name: 'rest-poller',
  variables: restPollerVariables,
  extraTopics: (config) => [{ name: stateTopicName(config), create: true, cleanupPolicy: 'compact' }],
  start: async ({ config, producer, logger, metrics, stateTopic }) => {
    const endpoints = resolveEndpoints(config);
    const store = openStateStore(stateTopic(stateTopicName(config)), config, logger);
    return startRestPoller({ producer, endpoints, store, logger, metrics, dedupeMaxIds: config.dedupeMaxIds });
  },
});
