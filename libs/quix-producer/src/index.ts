export { QuixProducer, type QuixProducerOptions, type StreamOptions, type ProducerStats } from './lib/quix-producer.js';
export { createProducer, type ProducerConfig } from './lib/create-producer.js';
export { producerVariables, producerCrossChecks, type ProducerDefaults, type ProducerVariablesConfig } from './lib/producer-variables.js';
export { OutputStream } from './lib/stream/output-stream.js';
export { TimeseriesBuffer, type BufferOptions } from './lib/stream/timeseries-buffer.js';
export { DeliveryQueue, type Delivery } from './lib/delivery/delivery-queue.js';
export { realTimers, type Timers, type BackoffPolicy } from './lib/delivery/backoff.js';
export type { Sink, OutgoingMessage } from './lib/sink/sink.js';
export { KafkaSink, type KafkaSinkOptions } from './lib/sink/kafka-sink.js';
export { StdoutSink } from './lib/sink/stdout-sink.js';
export { resolveConnection, type ResolvedConnection } from './lib/connection/resolve-connection.js';
export { connectionKind, kafkaClientOptions, resolveKafkaEndpoint, type ConnectionKind, type ConnectionSettings, type KafkaClientOptions, type KafkaEndpoint } from './lib/connection/kafka-endpoint.js';
export { SASL_MECHANISMS, type SaslMechanism, type KafkaSecurity, type TlsOptions } from './lib/connection/kafka-security.js';
export { connectQuixCloud, type ExtraTopic, type QuixCloudSettings, type QuixCloudConnection } from './lib/quix-cloud/connect-quix-cloud.js';
export { brokerSettingsFromLibrdkafka, type BrokerSettings, type BrokerSettingsNotes } from './lib/quix-cloud/broker-settings.js';
export { PortalApi, QUIXSTREAMS_RETRY, type PortalApiOptions, type PortalRetryPolicy } from './lib/quix-cloud/portal-api.js';
export { ProducerError, type ProducerErrorCode } from './lib/errors.js';
export { deliveredChannel, deliveryFailedChannel, type DeliveredEvent, type DeliveryFailedEvent } from './lib/diagnostics.js';
export type { Logger } from './lib/logger.js';
export {
  TransactionalPublisher,
  type TransactionalPublisherOptions,
  type TransactionContent,
} from './lib/transactional/transactional-publisher.js';
