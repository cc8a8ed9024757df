export { QuixProducer, type QuixProducerOptions, type StreamOptions, type ProducerStats } from './lib/quix-producer.js';
export { createProducer, type ProducerConfig } from './lib/create-producer.js';
export { producerVariables, type ProducerDefaults } from './lib/producer-variables.js';
export { OutputStream } from './lib/stream/output-stream.js';
export { TimeseriesBuffer, type BufferOptions } from './lib/stream/timeseries-buffer.js';
export { DeliveryQueue, type Delivery } from './lib/delivery/delivery-queue.js';
export { realTimers, type Timers, type BackoffPolicy } from './lib/delivery/backoff.js';
export type { Sink, OutgoingMessage } from './lib/sink/sink.js';
export { KafkaSink, type KafkaSinkOptions } from './lib/sink/kafka-sink.js';
export { StdoutSink } from './lib/sink/stdout-sink.js';
export { selectSink, connectionKind, type ConnectionKind, type ConnectionSettings } from './lib/sink/select-sink.js';
export { ProducerError, type ProducerErrorCode } from './lib/errors.js';
export { deliveredChannel, deliveryFailedChannel, type DeliveredEvent, type DeliveryFailedEvent } from './lib/diagnostics.js';
export type { Logger } from './lib/logger.js';
export {
  TransactionalPublisher,
  type TransactionalPublisherOptions,
  type TransactionContent,
} from './lib/transactional/transactional-publisher.js';
