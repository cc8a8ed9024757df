import { ConfigError, loadConfig, type ConfigOf, type CrossCheck, type Environment, type VariableSet } from '@quix-connectors/config';
import {
  BadRecords,
  deadLetterTopicOf,
  producerCrossChecks,
  producerFor,
  producerVariables,
  resolveOutput,
  transactionalProducerFor,
  type CloseReport,
  type DeliveryHealth,
  type ExtraTopic,
  type ProducerDefaults,
  type QuixProducer,
  type Refusal,
  type TransactionalProducer,
  type TransactionSettings,
  TopicReader,
} from '@quix-connectors/quix-producer';
import type { EventRecord } from '@quix-connectors/message-schema';
import { systemClock, type Clock } from '@quix-connectors/timing';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { ActivitySummary } from './activity-summary.js';
import { createHttpServer, createMetricsServer, type HttpServerOptions } from './http-server.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { logProcessWarnings } from './process-warnings.js';
import { Readiness, type SourceReadiness } from './readiness.js';
import { serviceVariables } from './service-variables.js';
import { ShutdownSignal } from './shutdown-signal.js';
import { describeStartError } from './start-error.js';

export type BaseVariables = ReturnType<typeof producerVariables> & ReturnType<typeof serviceVariables>;

/** The variables every app shares: publishing and service plumbing. */
export function baseVariables(defaults: ProducerDefaults & { port: number }): BaseVariables {
  return { ...producerVariables(defaults), ...serviceVariables(defaults) };
}

type Config<V extends VariableSet> = ConfigOf<V & BaseVariables>;

/** What every source gets from the runtime. */
export interface ConnectorContext<C> {
  config: C;
  logger: Logger;
  clock: Clock;
  /** Aborted when shutdown begins (SIGTERM/SIGINT, or `fail`): stop taking input. */
  signal: AbortSignal;
  /** Add routes here; it already serves /healthz, /readyz and (unless METRICS_PORT) /metrics. */
  http: FastifyInstance;
  metrics: Registry;
  /** The bad-record policy (BAD_RECORD_POLICY): report what cannot become data, with where it was. */
  badRecords: BadRecords;
  /** The source's own reasons not to be ready. */
  readiness: SourceReadiness;
  /** The Kafka topic of a topic name (its Quix Cloud id, or the name). */
  topicId(name: string): string;
  /**
   * Live reading of topics through the same Kafka client (undefined when publishing to stdout);
   * closed by the runtime after the source.
   */
  reader: TopicReader | undefined;
  /** Stops the connector as SIGTERM would, then exits 1 saying `error`'s message. */
  fail(error: Error): void;
}

export interface ServiceContext<C> extends ConnectorContext<C> {
  producer: QuixProducer;
}

export interface TransactionalContext<C> extends ConnectorContext<C> {
  transactions: TransactionalProducer;
  /** The state committed by the last run (keys and values of the state topic). */
  state: Map<string, Buffer>;
}

/** What a service gives back once started: how to stop taking input and answer what is in flight. */
export interface RunningApp {
  close(): Promise<void>;
}

interface CommonDefinition<V extends VariableSet> {
  name: string;
  /** All variables the app reads: usually `{ ...baseVariables(...), ...appVariables }`. */
  variables: V & BaseVariables;
  crossChecks?: readonly CrossCheck<Config<V>>[];
  /** More topics to resolve (and create) at start, besides the output and the dead-letter topic. */
  extraTopics?: (config: Config<V>) => ExtraTopic[];
  /** Limits of the HTTP server (timeouts, body size, connections). */
  http?: (config: Config<V>) => HttpLimits;
}

/** A service publishing with Kafka acknowledgements: runs until SIGTERM. */
export interface ServiceDefinition<V extends VariableSet> extends CommonDefinition<V> {
  start(context: ServiceContext<Config<V>>): Promise<RunningApp>;
}

/** A service publishing data and state in transactions: runs until SIGTERM. */
export interface TransactionalServiceDefinition<V extends VariableSet> extends CommonDefinition<V> {
  transactions(config: Config<V>): TransactionSettings;
  start(context: TransactionalContext<Config<V>>): Promise<RunningApp>;
}

/** A job in transactions: ends when `run` resolves (or, on SIGTERM, once it has committed what it read). */
export interface JobDefinition<V extends VariableSet> extends CommonDefinition<V> {
  transactions(config: Config<V>): TransactionSettings;
  run(context: TransactionalContext<Config<V>>): Promise<void>;
}

/** Limits of the HTTP server against slow or many clients. */
export interface HttpLimits {
  fastify?: HttpServerOptions['fastify'];
  /** A client must send its headers within this long of connecting. */
  headersTimeoutMs?: number;
  /** Most connections open at once; more are refused. */
  maxConnections?: number;
}

type AnyDefinition<V extends VariableSet> = ServiceDefinition<V> | TransactionalServiceDefinition<V> | JobDefinition<V>;

export interface RunOptions {
  env?: Environment;
  clock?: Clock;
  /** Ends the process (tests pass their own). */
  exit?: (code: number) => void;
  /** Where signals and uncaught errors come from (tests pass their own emitter). */
  events?: NodeJS.EventEmitter;
}

export function runService<V extends VariableSet>(definition: ServiceDefinition<V>, options?: RunOptions): Promise<number> {
  return runConnector(definition, options);
}

export function runTransactionalService<V extends VariableSet>(definition: TransactionalServiceDefinition<V>, options?: RunOptions): Promise<number> {
  return runConnector(definition, options);
}

export function runJob<V extends VariableSet>(definition: JobDefinition<V>, options?: RunOptions): Promise<number> {
  return runConnector(definition, options);
}

type Output = { kind: 'acks'; producer: QuixProducer } | { kind: 'transactions'; producer: TransactionalProducer; state: Map<string, Buffer> };

/**
 * The one owner of a connector's process, services and jobs alike: config (or exit 1 listing
 * every problem), logger, the output (acknowledged deliveries or transactions), HTTP endpoints,
 * the source, and one shutdown path: stop input, answer or refuse what is in flight, flush and end
 * the streams, close the producer, exit within SHUTDOWN_TIMEOUT_MS: 0 when everything the source
 * handed over was delivered (or will be sent again by the source), else 1 with a summary.
 */
async function runConnector<V extends VariableSet>(definition: AnyDefinition<V>, options: RunOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const clock = options.clock ?? systemClock;
  let config: Config<V>;
  try {
    config = loadConfig(definition.variables, env, [...producerCrossChecks, ...(definition.crossChecks ?? [])]);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${definition.name}: ${error.message}\n`);
    exit(1);
    return 1;
  }

  const logger = createLogger({ name: definition.name, level: config.logLevel });
  logProcessWarnings(logger);
  const shutdown = new ShutdownSignal(logger, () => config.shutdownTimeoutMs + 3000, exit, options.events);
  let output: Output | undefined;
  const readiness = new Readiness(() => output?.producer.health() ?? { ready: false, reasons: ['starting'] });
  const health = (): DeliveryHealth => readiness.now();
  const metrics = createMetrics(definition.name, () => stats(output), health);
  const httpLimits = definition.http?.(config);
  const http = createHttpServer({ logger, registry: metrics.registry, health, withoutMetrics: config.metricsPort !== undefined, fastify: httpLimits?.fastify });
  const metricsServer = config.metricsPort === undefined ? undefined : createMetricsServer(metrics.registry);
  const summary = new ActivitySummary(logger, clock, () => stats(output).queuedBytes);
  let app: RunningApp | undefined;
  let badRecords: BadRecords | undefined;
  let reader: TopicReader | undefined;

  const stop = async (): Promise<number> => {
    const deadline = clock.now() + config.shutdownTimeoutMs;
    const left = () => Math.max(0, deadline - clock.now());
    readiness.shuttingDown();
    const closingApp = app?.close().catch((err: unknown) => logger.warn({ err }, 'the source did not stop cleanly'));
    await within(closingApp, left() * 0.8, clock);
    await within(reader?.close(), 1000, clock);
    const report: CloseReport = output ? await output.producer.close({ deadlineMs: left() }) : { abandoned: { items: 0, replayableItems: 0 } };
    // What the source still had in flight is answered now that the producer gave up on it.
    await within(closingApp, 1000, clock);
    await within(Promise.allSettled([http.close(), metricsServer?.close()]), 1000, clock);
    // A client still sending (a slow upload) gets no more time: its connection is cut.
    http.server.closeAllConnections();
    summary.stop();
    metrics.stop();
    return finish(report);
  };

  const finish = (report: CloseReport): number => {
    const lost = report.abandoned.items - report.abandoned.replayableItems;
    const totals = { published: summary.totals.items, messages: summary.totals.messages, badRecords: badRecords?.count ?? 0, notDelivered: report.abandoned.items, sourceResends: report.abandoned.replayableItems };
    const failure = shutdown.failure;
    if (failure) {
      // The failure itself was logged when it happened.
      logger.error({ ...totals, code: (failure as { code?: unknown }).code }, 'stopped after the error above (exit code 1)');
      return 1;
    }
    if (lost > 0) {
      logger.error(totals, `stopped: ${lost} rows/events were not delivered before SHUTDOWN_TIMEOUT_MS (${config.shutdownTimeoutMs} ms) and are lost`);
      return 1;
    }
    logger.info(totals, report.abandoned.items > 0 ? `stopped; ${report.abandoned.items} rows/events not delivered will be sent again by their source` : 'stopped');
    return 0;
  };

  shutdown.onStop(() => stop());
  const start = async (): Promise<void> => {
    const extraTopics = [...(definition.extraTopics?.(config) ?? []), ...(config.badRecordPolicy === 'dead-letter' ? [{ name: deadLetterTopicOf(config), create: config.createTopic }] : [])];
    const resolved = await resolveOutput(config, definition.name, logger, extraTopics);
    if (resolved.client) reader = new TopicReader(resolved.client, { groupIdPrefix: resolved.idPrefix, logger: logger.child({ component: 'topic-reader' }) });
    let deadLetter: (event: EventRecord) => Promise<void> = async () => undefined;
    badRecords = new BadRecords({
      policy: config.badRecordPolicy,
      source: definition.name,
      logger: logger.child({ component: 'bad-records' }),
      clock,
      maxMessageBytes: config.maxMessageBytes,
      fail: (error) => shutdown.fail(error, { quiet: true }),
      deadLetters: (event) => deadLetter(event),
    });
    const records = badRecords;
    const hooks = { logger, clock, onFatal: (error: Error) => shutdown.fail(error, { quiet: true }), onRefused: (refusal: Refusal) => records.refused(refusal) };
    const context: ConnectorContext<Config<V>> = {
      config,
      logger,
      clock,
      signal: shutdown.signal,
      http,
      metrics: metrics.registry,
      badRecords,
      readiness,
      topicId: resolved.topicId,
      reader,
      fail: (error) => shutdown.fail(error),
    };
    if ('transactions' in definition) {
      const producer = transactionalProducerFor(config, resolved, definition.transactions(config), hooks);
      const state = await producer.connect();
      output = { kind: 'transactions', producer, state };
      if (config.badRecordPolicy === 'dead-letter') {
        const stream = producer.stream(definition.name, { topic: resolved.topicId(deadLetterTopicOf(config)) });
        deadLetter = (event) => producer.commit({ data: [stream.events([event])], state: [] });
      }
      const transactional = { ...context, transactions: producer, state };
      logger.info({ destination: producer.description }, 'connected');
      if ('run' in definition) {
        await listen(http, metricsServer, config, httpLimits);
        summary.start(config.summaryIntervalMs);
        // On SIGTERM the job sees `signal`, commits what it read and returns: stopping waits for that.
        const running = definition.run(transactional);
        app = { close: () => running.then(() => undefined, () => undefined) };
        try {
          await running;
        } catch (error) {
          if (!shutdown.stopping || !(error instanceof Error && (error as { code?: unknown }).code === 'PRODUCER_CLOSED')) {
            const { message, expected } = describeStartError(error, config.port);
            logger.fatal(expected ? { code: (error as { code?: unknown }).code } : { err: error }, `failed: ${message}`);
            shutdown.fail(error as Error, { quiet: true });
          }
          return;
        }
        shutdown.requestStop();
        return;
      }
      app = await definition.start(transactional);
    } else {
      const producer = producerFor(config, resolved, hooks);
      await producer.connect();
      output = { kind: 'acks', producer };
      if (config.badRecordPolicy === 'dead-letter') {
        const stream = await producer.createStream(definition.name, { topic: resolved.topicId(deadLetterTopicOf(config)) });
        deadLetter = (event) => stream.publishEvents([event]);
      }
      logger.info({ destination: producer.description }, 'connected');
      app = await definition.start({ ...context, producer });
    }
    // The app added its routes before the server listens: fastify takes no routes after that.
    await listen(http, metricsServer, config, httpLimits);
    summary.start(config.summaryIntervalMs);
  };
  start().catch((error: unknown) => {
    if (shutdown.stopping) return;
    const { message, expected } = describeStartError(error, config.port);
    logger.fatal(expected ? { code: (error as { code?: unknown }).code } : { err: error }, `cannot start: ${message}`);
    shutdown.fail(error as Error, { quiet: true });
  });
  const code = await shutdown.stopped();
  exit(code);
  return code;
}

async function listen(http: FastifyInstance, metricsServer: FastifyInstance | undefined, config: { port: number; host: string; metricsPort?: number }, limits?: HttpLimits): Promise<void> {
  if (limits?.maxConnections !== undefined) http.server.maxConnections = limits.maxConnections;
  if (limits?.headersTimeoutMs !== undefined) http.server.headersTimeout = limits.headersTimeoutMs;
  await http.listen({ port: config.port, host: config.host });
  if (metricsServer && config.metricsPort !== undefined) await metricsServer.listen({ port: config.metricsPort, host: config.host });
}

function stats(output: Output | undefined): { queuedMessages: number; queuedBytes: number; bufferedRows: number } {
  if (!output) return { queuedMessages: 0, queuedBytes: 0, bufferedRows: 0 };
  if (output.kind === 'acks') return output.producer.stats();
  const s = output.producer.stats();
  return { queuedMessages: s.queuedCommits, queuedBytes: s.queuedBytes, bufferedRows: 0 };
}

/** Waits for `work` at most `ms`. */
async function within(work: Promise<unknown> | undefined, ms: number, clock: Clock): Promise<void> {
  if (!work) return;
  let timer: { cancel(): void } | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = clock.timer(ms, resolve)))]);
  timer?.cancel();
}
