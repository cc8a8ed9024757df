import closeWithGrace from 'close-with-grace';
import { ConfigError, loadConfig, type ConfigOf, type CrossCheck, type Environment, type VariableSet } from '@quix-connectors/config';
import { createProducer, producerCrossChecks, producerVariables, type ProducerDefaults, type QuixProducer } from '@quix-connectors/quix-producer';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { createHttpServer } from './http-server.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { logProcessWarnings } from './process-warnings.js';
import { serviceVariables } from './service-variables.js';

type BaseVariables = ReturnType<typeof producerVariables> & ReturnType<typeof serviceVariables>;

export interface ServiceContext<C> {
  config: C;
  logger: Logger;
  producer: QuixProducer;
  /** Add routes here; it already serves /healthz, /readyz and /metrics. */
  http: FastifyInstance;
  metrics: Registry;
}

/** What an app gives back once started: how to stop taking input. */
export interface RunningApp {
  close(): Promise<void>;
}

export interface ServiceDefinition<V extends VariableSet> {
  name: string;
  /** All variables the app reads: usually `{ ...baseVariables(...), ...appVariables }`. */
  variables: V & BaseVariables;
  /** Checks across variables (e.g. a JSON list's entries); their problems are listed with the rest at start. */
  crossChecks?: readonly CrossCheck<ConfigOf<V & BaseVariables>>[];
  start(context: ServiceContext<ConfigOf<V & BaseVariables>>): Promise<RunningApp>;
}

/** The variables every app shares: publishing and service plumbing. */
export function baseVariables(defaults: ProducerDefaults & { port: number }): BaseVariables {
  return { ...producerVariables(defaults), ...serviceVariables(defaults) };
}

/**
 * The one owner of an app's process: config (or exit 1 listing every problem), logger, producer,
 * HTTP endpoints, the app itself, and on SIGTERM/SIGINT a bounded shutdown: stop input first, then
 * flush and disconnect the producer, then the HTTP server; exit 0 when all was acknowledged.
 */
export async function runService<V extends VariableSet>(definition: ServiceDefinition<V>, env: Environment = process.env): Promise<void> {
  let config: ConfigOf<V & BaseVariables>;
  try {
    config = loadConfig(definition.variables, env, [...producerCrossChecks, ...(definition.crossChecks ?? [])]);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${definition.name}: ${error.message}\n`);
    process.exitCode = 1;
    return;
  }

  const logger = createLogger({ name: definition.name, level: config.logLevel });
  logProcessWarnings(logger);
  let producer: QuixProducer;
  try {
    producer = await createProducer(config, definition.name, logger);
  } catch (err) {
    logger.fatal({ err }, (err as Error).message);
    process.exitCode = 1;
    return;
  }
  const metrics = createMetrics(definition.name, () => producer.stats());
  const http = createHttpServer({ logger, registry: metrics.registry, isReady: () => producer.isReady() });
  let app: RunningApp | undefined;

  closeWithGrace({ delay: config.shutdownTimeoutMs + 2000, logger: { error: (m: unknown) => logger.error({ reason: m }, 'shutdown') } }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'stopping after an unexpected error');
    else logger.info({ signal }, 'stopping: no new input, flushing what is buffered');
    await app?.close();
    await producer.close({ deadlineMs: config.shutdownTimeoutMs });
    await http.close();
    metrics.stop();
    logger.info('stopped');
  });

  try {
    await producer.connect();
    logger.info({ destination: producer.description }, 'connected');
    // The app adds its routes before the server listens: fastify takes no routes after that.
    app = await definition.start({ config, logger, producer, http, metrics: metrics.registry });
    await http.listen({ port: config.port, host: '0.0.0.0' });
  } catch (err) {
    logger.fatal({ err }, `cannot start: ${(err as Error).message}`);
    await producer.close({ deadlineMs: 1000 }).catch(() => undefined);
    await http.close();
    process.exit(1);
  }
}
