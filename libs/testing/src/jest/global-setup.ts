import { startKafkaBroker } from '../kafka/broker.ts';
import { rememberBroker } from './global-state.ts';

/**
 * Jest globalSetup: one broker for the whole jest run. Uses `KAFKA_BROKERS` when it is already
 * set (e.g. by `with-kafka`), else starts one and sets `KAFKA_BROKERS`, which jest passes on to
 * its workers.
 */
export default async function globalSetup(): Promise<void> {
  const broker = await startKafkaBroker();
  process.env['KAFKA_BROKERS'] = broker.brokers.join(',');
  process.env['KAFKA_BROKERS_ORIGIN'] = broker.origin;
  rememberBroker(broker.origin === 'env' ? undefined : broker);
}
