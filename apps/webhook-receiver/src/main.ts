import { runService } from '@quix-connectors/service';
import { startWebhookReceiver } from './app/webhook-receiver.js';
import { webhookCrossChecks, webhookVariables } from './app/webhook-variables.js';

await runService({
  name: 'webhook-receiver',
  variables: webhookVariables,
  crossChecks: [webhookCrossChecks],
  http: (config) => ({
    fastify: { requestTimeout: config.requestTimeoutMs, keepAliveTimeout: config.keepAliveTimeoutMs, connectionTimeout: config.requestTimeoutMs },
    headersTimeoutMs: config.headersTimeoutMs,
    maxConnections: config.maxConnections,
  }),
  start: ({ config, producer, logger, http, metrics, clock }) =>
    startWebhookReceiver({ http, producer, logger: logger.child({ component: 'webhook' }), settings: config, metrics, clock }),
});
