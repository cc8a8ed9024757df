import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.js';

export interface HttpServerOptions {
  logger: Logger;
  registry: Registry;
  /** Connected and able to publish. */
  isReady(): boolean;
}

/**
 * The app's HTTP server with /healthz (alive), /readyz (able to publish) and /metrics. Apps add
 * their own routes (the webhook) to the same instance; `inject()` tests it without a port.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const loggerInstance = options.logger.child({ component: 'http' }) as FastifyBaseLogger;
  const app: FastifyInstance = Fastify({
    loggerInstance,
    // One log line per scrape or probe would drown everything else.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = options.isReady();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready' });
  });
  app.get('/metrics', async (_request, reply) => {
    return reply.type(options.registry.contentType).send(await options.registry.metrics());
  });
  return app;
}
