import type { Clock } from '@quix-connectors/timing';
import { resolveOutput, type ResolvedOutput } from './connection/resolve-output.js';
import type { ProducerError } from './errors.js';
import type { Logger } from './logger.js';
import type { ProducerVariablesConfig } from './producer-variables.js';
import { QuixProducer } from './quix-producer.js';
import { KafkaSink } from './sink/kafka-sink.js';
import { StdoutSink } from './sink/stdout-sink.js';
import type { RefusalHandler } from './stream/refusal.js';
import { TransactionalProducer } from './transactional-producer.js';
import { KafkaTransactionalSink } from './transactions/kafka-transactional-sink.js';
import { StdoutTransactionalSink } from './transactions/stdout-transactional-sink.js';

export type ProducerConfig = ProducerVariablesConfig;

export interface ProducerHooks {
  logger: Logger;
  onFatal?: (error: ProducerError) => void;
  onRefused?: RefusalHandler;
  clock?: Clock;
}

function shared(config: ProducerConfig, output: ResolvedOutput, hooks: ProducerHooks) {
  return {
    topic: output.topicId(config.topic),
    format: config.format,
    maxMessageBytes: config.maxMessageBytes,
    maxPendingBytes: config.maxPendingBytes,
    logger: hooks.logger,
    ...(hooks.onFatal ? { onFatal: hooks.onFatal } : {}),
    ...(hooks.onRefused ? { onRefused: hooks.onRefused } : {}),
    ...(hooks.clock ? { clock: hooks.clock } : {}),
  };
}

/**
 * Resolves where to publish (plain Kafka, Quix Cloud through the Portal API, or stdout) and makes
 * the producer for it. Quix Cloud calls the Portal API, so this may fail with a ProducerError
 * saying what to fix.
 */
export async function createProducer(config: ProducerConfig, clientId: string, logger: Logger): Promise<QuixProducer> {
  return producerFor(config, await resolveOutput(config, clientId, logger), { logger });
}

/** The producer of acknowledged deliveries on the resolved output (Kafka, Quix Cloud or stdout). */
export function producerFor(config: ProducerConfig, output: ResolvedOutput, hooks: ProducerHooks): QuixProducer {
  const sink = output.client
    ? new KafkaSink(output.client, { createTopics: output.createTopics, connectTimeoutMs: config.connectTimeoutMs, logger: hooks.logger, ...(hooks.clock ? { clock: hooks.clock } : {}) })
    : new StdoutSink();
  return new QuixProducer({
    ...shared(config, output, hooks),
    sink,
    buffer: { timeSpanMs: config.bufferTimeSpanMs, maxRows: config.bufferMaxRows },
    lingerMs: config.lingerMs,
  });
}

export interface TransactionSettings {
  /** Stable across restarts (a restart fences its zombie); scoped to the workspace on Quix Cloud. */
  transactionalId: string;
  /** The state topic's name as configured (resolved like the output topic). */
  stateTopic: string;
  /** More data topics than the output (e.g. the dead-letter topic), as configured. */
  extraDataTopics?: string[];
}

/** The exactly-once producer: Kafka transactions with a state topic, or stdout with state in memory. */
export function transactionalProducerFor(config: ProducerConfig, output: ResolvedOutput, settings: TransactionSettings, hooks: ProducerHooks): TransactionalProducer {
  const topic = output.topicId(config.topic);
  const sink = output.client
    ? new KafkaTransactionalSink(output.client, {
        transactionalId: settings.transactionalId.startsWith(output.idPrefix) ? settings.transactionalId : `${output.idPrefix}${settings.transactionalId}`,
        stateTopic: output.topicId(settings.stateTopic),
        dataTopics: [topic, ...(settings.extraDataTopics ?? []).map((t) => output.topicId(t))],
        createTopics: output.createTopics,
        connectTimeoutMs: config.connectTimeoutMs,
        maxRequestBytes: Math.min(config.maxMessageBytes, 900_000),
        groupIdPrefix: output.idPrefix,
        logger: hooks.logger,
        ...(hooks.clock ? { clock: hooks.clock } : {}),
      })
    : new StdoutTransactionalSink();
  return new TransactionalProducer({ ...shared(config, output, hooks), sink });
}
