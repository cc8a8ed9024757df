import { takeBroker } from './global-state.ts';

/** Jest globalTeardown: stops the broker that globalSetup started, if it started one. */
export default async function globalTeardown(): Promise<void> {
  const broker = takeBroker();
  if (broker === undefined) return;
  await broker.stop();
  delete process.env['KAFKA_BROKERS'];
  delete process.env['KAFKA_BROKERS_ORIGIN'];
}
