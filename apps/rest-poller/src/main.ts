import { runTransactionalService } from '@quix-connectors/service';
import { pollerTransactions } from './app/poller-topics.js';
import { endpointsCheck, resolveEndpoints } from './app/resolve-endpoints.js';
import { startRestPoller } from './app/rest-poller.js';
import { restPollerVariables } from './app/rest-variables.js';

// Each poll's rows and its state (dedupe ids, validators, resume point) commit in one Kafka
// transaction; the runtime reads the state topic back (read_committed) before `start`.
await runTransactionalService({
  name: 'rest-poller',
  variables: restPollerVariables,
  crossChecks: [endpointsCheck],
  transactions: pollerTransactions,
  extraTopics: (config) => [{ name: pollerTransactions(config).stateTopic, create: true, cleanupPolicy: 'compact' }],
  start: async ({ config, transactions, state, logger, metrics, clock, signal, badRecords, fail }) =>
    startRestPoller({ transactions, state, endpoints: resolveEndpoints(config), dedupeMaxIds: config.dedupeMaxIds, logger, metrics, clock, signal, badRecords, fail }),
});
