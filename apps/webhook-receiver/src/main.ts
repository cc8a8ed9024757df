import { ConfigError, loadConfig } from '@quix-connectors/config';
import { runService } from '@quix-connectors/service';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { mountPath } from './app/mount-path.js';
import { startWebhookReceiver } from './app/webhook-receiver.js';
import { webhookCrossChecks, webhookVariables } from './app/webhook-variables.js';

// runService loads the variables without cross checks; check combinations here first, so a
// signing scheme without secrets stops the app at start with every problem listed.
let configured = true;
try {
  loadConfig(webhookVariables, process.env, [webhookCrossChecks]);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`webhook-receiver: ${error.message}\n`);
  process.exitCode = 1;
  configured = false;
}

if (configured) {
  await runService({
    name: 'webhook-receiver',
    variables: webhookVariables,
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
}
