import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Registry } from 'prom-client';
import type { DeliveryHealth } from '@quix-connectors/quix-producer';
import type { Logger } from './logger.js';

export interface HttpServerOptions {
  logger: Logger;
  registry: Registry;
  health(): DeliveryHealth;
  /** Leave /metrics out: it is served on its own port (METRICS_PORT). */
  withoutMetrics?: boolean;
  /** Limits of the app's own routes (timeouts, body size, connections). */
  fastify?: Pick<FastifyServerOptions, 'connectionTimeout' | 'requestTimeout' | 'keepAliveTimeout' | 'bodyLimit' | 'maxRequestsPerSocket'>;
}

/**
 * The app's HTTP server with /healthz (alive), /readyz (able to take input and deliver it, with
 * the reasons when not) and /metrics. Apps add their own routes (the webhook) to the same
 * instance; `inject()` tests it without a port.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const loggerInstance = options.logger.child({ component: 'http' }) as FastifyBaseLogger;
  const app: FastifyInstance = Fastify({
    loggerInstance,
    // One log line per scrape or probe would drown everything else.
    logController: new LogController({ disableRequestLogging: true }),
    ...options.fastify,
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const { ready, reasons } = options.health();
    return reply.code(ready ? 200 : 503).send(ready ? { status: 'ready' } : { status: 'not ready', reasons });
  });
  if (!options.withoutMetrics) addMetricsRoute(app, options.registry);
  return app;
}

/** A server of /metrics alone, for METRICS_PORT. */
export function createMetricsServer(registry: Registry): FastifyInstance {
  const app = Fastify({ logController: new LogController({ disableRequestLogging: true }) });
  addMetricsRoute(app, registry);
  return app;
}

function addMetricsRoute(app: FastifyInstance, registry: Registry): void {
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
}
