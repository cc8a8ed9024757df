import { parseBrokerList } from '../kafka/broker-list.ts';

/** The broker list that the jest global setup (or `with-kafka`) put in `KAFKA_BROKERS`. */
export function testBrokers(): string[] {
  const brokers = parseBrokerList(process.env['KAFKA_BROKERS']);
  if (brokers.length === 0) {
    throw new Error(
      'KAFKA_BROKERS is not set: add the @quix-connectors/testing jest-global-setup and ' +
        "jest-global-teardown to this project's jest config, or run the tests under with-kafka",
    );
  }
  return brokers;
}
