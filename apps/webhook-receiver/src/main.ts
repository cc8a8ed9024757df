import { runService } from '@quix-connectors/service';
import { startWebhookReceiver } from './app/webhook-receiver.js';
import { webhookCrossChecks, webhookVariables } from './app/webhook-variables.js';

await runService({
  name: 'webhook-receiver',
  variables: webhookVariables,
  crossChecks: [webhookCrossChecks],
  start: async ({ config, producer, logger, http, metrics }) => {
    const receiver = await startWebhookReceiver({ http, producer, logger: logger.child({ component: 'webhook' }), settings: config, metrics });
    return { close: () => receiver.close() };
  },
});
