import { runService } from '@quix-connectors/service';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { mountPath } from './app/mount-path.js';
import { startWebhookReceiver } from './app/webhook-receiver.js';
import { webhookCrossChecks, webhookVariables } from './app/webhook-variables.js';

await runService({
  name: 'webhook-receiver',
  variables: webhookVariables,
  crossChecks: [webhookCrossChecks],
  start: async ({ config, producer, logger, http }) => {
    const webhookLogger = logger.child({ component: 'webhook' });
    const webhookHttp = Fastify({
      loggerInstance: webhookLogger as FastifyBaseLogger,
      logController: new LogController({ disableRequestLogging: true }),
    });
    const receiver = await startWebhookReceiver({ http: webhookHttp, producer, logger: webhookLogger, settings: config });
    await webhookHttp.ready();
    mountPath(http, config.path, webhookHttp);
    return {
      async close() {
        await receiver.close();
        await webhookHttp.close();
      },
    };
  },
});
