/** Test-only helpers for the apps' tests: a Kafka sink and a connected producer on test brokers. */
export { kafkaSinkFor, testProducer } from './test-support/test-producer.js';
export { RecordingSink, failure, message } from './test-support/recording-sink.js';
