import type { Logger } from './logger.js';
import { resolveConnection } from './connection/resolve-connection.js';
import type { ProducerVariablesConfig } from './producer-variables.js';
import { QuixProducer } from './quix-producer.js';

export type ProducerConfig = ProducerVariablesConfig;

/**
 * The producer an app's configuration asks for: plain Kafka (with SASL/TLS when configured), Quix
 * Cloud through the Portal API, or stdout. Resolving Quix Cloud calls the Portal API, so this is
 * async and may fail with a ProducerError saying what to fix.
 */
export async function createProducer(config: ProducerConfig, clientId: string, logger: Logger): Promise<QuixProducer> {
  const { sink, topic } = await resolveConnection(config, clientId, logger);
  return new QuixProducer({
    sink,
    topic,
    format: config.format,
    maxMessageBytes: config.maxMessageBytes,
    maxPendingBytes: config.maxPendingBytes,
    buffer: { timeSpanMs: config.bufferTimeSpanMs, maxRows: config.bufferMaxRows },
    lingerMs: config.lingerMs,
    logger,
  });
}
