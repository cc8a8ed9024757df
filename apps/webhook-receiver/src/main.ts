import { runService } from '@quix-connectors/service';
import { startWebhookReceiver } from './app/webhook-receiver.js';
import { routeTopics, webhookCrossChecks, webhookVariables } from './app/webhook-variables.js';

await runService({
  name: 'webhook-receiver',
  variables: webhookVariables,
  crossChecks: [webhookCrossChecks],
  // Routes with a topic of their own: resolved (on Quix Cloud: its id) and created, if allowed, at start.
  extraTopics: (config) => routeTopics(config).map((name) => ({ name, create: config.createTopic })),
  http: (config) => ({
    fastify: { requestTimeout: config.requestTimeoutMs, keepAliveTimeout: config.keepAliveTimeoutMs, connectionTimeout: config.requestTimeoutMs },
    headersTimeoutMs: config.headersTimeoutMs,
    maxConnections: config.maxConnections,
  }),
  start: ({ config, producer, logger, http, metrics, clock, topicId }) =>
    startWebhookReceiver({ http, producer, topicId, logger: logger.child({ component: 'webhook' }), settings: config, metrics, clock }),
});
