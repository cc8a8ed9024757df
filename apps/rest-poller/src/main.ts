import { runService } from '@quix-connectors/service';
import { openStateStore } from './app/open-state-store.js';
import { resolveEndpoints } from './app/resolve-endpoints.js';
import { startRestPoller } from './app/rest-poller.js';
import { restPollerVariables } from './app/rest-variables.js';

await runService({
  name: 'rest-poller',
  variables: restPollerVariables,
  start: async ({ config, producer, logger, metrics }) => {
    const endpoints = resolveEndpoints(config);
    const store = await openStateStore(config, logger);
    return startRestPoller({ producer, endpoints, store, logger, metrics, dedupeMaxIds: config.dedupeMaxIds });
  },
});
