import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runService } from '@quix-connectors/service';
import { gatewayCrossChecks, gatewayVariables, grantedTopics } from './app/gateway-variables.js';
import { startWebGateway } from './app/web-gateway.js';

// dist/public beside main.js, and the official SignalR browser client the pages load.
const pages = {
  publicDir: fileURLToPath(new URL('./public', import.meta.url)),
  signalrClient: createRequire(import.meta.url).resolve('@microsoft/signalr/dist/browser/signalr.min.js'),
};

await runService({
  name: 'web-gateway',
  variables: gatewayVariables,
  crossChecks: [gatewayCrossChecks],
  // Every topic a token names is resolved (on Quix Cloud: its id) and created, if allowed, at start.
  extraTopics: (config) => grantedTopics(config).map((name) => ({ name, create: config.createTopic })),
  http: (config) => ({
    // No socket timeout: a write waits for Kafka (up to PUBLISH_TIMEOUT_MS, longer once sent) and must get its answer.
    fastify: { bodyLimit: config.maxBodyBytes, requestTimeout: 30_000, keepAliveTimeout: 5000 },
    headersTimeoutMs: 10_000,
    maxConnections: config.maxConnections * 2,
  }),
  start: ({ config, producer, reader, http, logger, clock, topicId }) =>
    startWebGateway({ config, http, producer, reader, topicId, logger: logger.child({ component: 'gateway' }), clock, pages }),
});
