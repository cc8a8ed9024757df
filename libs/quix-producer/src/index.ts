export { QuixProducer, type QuixProducerOptions, type StreamOptions, type ProducerStats, type CloseReport } from './lib/quix-producer.js';
export { TransactionalProducer, type TransactionalProducerOptions } from './lib/transactional-producer.js';
export { createProducer, producerFor, transactionalProducerFor, type ProducerConfig, type ProducerHooks, type TransactionSettings } from './lib/create-producer.js';
export { producerVariables, producerCrossChecks, deadLetterTopicOf, type ProducerDefaults, type ProducerVariablesConfig } from './lib/producer-variables.js';
export { OutputStream, type PublishEventsOptions } from './lib/stream/output-stream.js';
export { TimeseriesBuffer, type BufferOptions } from './lib/stream/timeseries-buffer.js';
export type { Refusal, RefusalHandler } from './lib/stream/refusal.js';
export { TransactionalStream, type StreamMessages } from './lib/transactions/transactional-stream.js';
export type { TransactionContent } from './lib/transactions/transaction-content.js';
export type { CommitOptions } from './lib/transactions/transaction-queue.js';
export type { TransactionalSink } from './lib/transactions/transactional-sink.js';
export { StdoutTransactionalSink } from './lib/transactions/stdout-transactional-sink.js';
export { DeliveryQueue, type Delivery, type DeliveryHealth, type Abandoned } from './lib/delivery/delivery-queue.js';
export { ackedOrWithdrawn } from './lib/delivery/acked-or-withdrawn.js';
export { MemoryBudget } from './lib/delivery/memory-budget.js';
export type { Sink, OutgoingMessage } from './lib/sink/sink.js';
export { KafkaSink, type KafkaSinkOptions } from './lib/sink/kafka-sink.js';
export { StdoutSink } from './lib/sink/stdout-sink.js';
export { KafkaClient, type KafkaClientSettings } from './lib/kafka/kafka-client.js';
export { classifyKafkaFailure, type FailureKind } from './lib/kafka/kafka-errors.js';
export { resolveOutput, type ResolvedOutput } from './lib/connection/resolve-output.js';
export { connectionKind, kafkaClientOptions, resolveKafkaEndpoint, type ConnectionKind, type ConnectionSettings, type KafkaClientOptions, type KafkaEndpoint } from './lib/connection/kafka-endpoint.js';
export { SASL_MECHANISMS, type SaslMechanism, type KafkaSecurity, type TlsOptions } from './lib/connection/kafka-security.js';
export { connectQuixCloud, type ExtraTopic, type QuixCloudSettings, type QuixCloudConnection } from './lib/quix-cloud/connect-quix-cloud.js';
export { brokerSettingsFromLibrdkafka, type BrokerSettings, type BrokerSettingsNotes } from './lib/quix-cloud/broker-settings.js';
export { PortalApi, QUIXSTREAMS_RETRY, type PortalApiOptions, type PortalRetryPolicy } from './lib/quix-cloud/portal-api.js';
export { ProducerError, RecordRefusedError, ShutdownTimeoutError, type ProducerErrorCode } from './lib/errors.js';
export { BadRecords, type BadRecordsOptions } from './lib/refusals/bad-records.js';
export { BadRecordError, BAD_RECORD_POLICIES, describeBadRecord, type BadRecord, type BadRecordPolicy } from './lib/refusals/bad-record.js';
export { deadLetterEvent, DEAD_LETTER_EVENT_ID } from './lib/refusals/dead-letter.js';
export {
  badRecordChannel,
  deliveredChannel,
  deliveryFailedChannel,
  refusedChannel,
  type BadRecordEvent,
  type DeliveredEvent,
  type DeliveryFailedEvent,
  type RefusedEvent,
} from './lib/diagnostics.js';
export type { Logger } from './lib/logger.js';
export { TopicReader, type TopicMessage, type MessageListener, type Subscription } from './lib/consumer/topic-reader.js';
