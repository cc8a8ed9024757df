import type { ConfigOf } from '@quix-connectors/config';
import type { Logger } from './logger.js';
import type { producerVariables } from './producer-variables.js';
import { QuixProducer } from './quix-producer.js';
import { selectSink } from './sink/select-sink.js';

export type ProducerConfig = ConfigOf<ReturnType<typeof producerVariables>>;

/** The producer an app's configuration asks for: plain Kafka, (later) Quix Cloud, or stdout. */
export function createProducer(config: ProducerConfig, clientId: string, logger: Logger): QuixProducer {
  return new QuixProducer({
    sink: selectSink(config, clientId, logger),
    topic: config.topic,
    format: config.format,
    maxMessageBytes: config.maxMessageBytes,
    maxPendingBytes: config.maxPendingBytes,
    buffer: { timeSpanMs: config.bufferTimeSpanMs, maxRows: config.bufferMaxRows },
    logger,
  });
}
