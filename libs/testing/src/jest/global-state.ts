import type { KafkaBroker } from '../kafka/broker.ts';

/**
 * Jest runs globalSetup and globalTeardown in the same process, and a module-level variable may
 * not survive between them (each is loaded on its own), so the broker is kept on globalThis.
 */
const KEY = Symbol.for('@quix-connectors/testing/jest-broker');

type Holder = { [KEY]?: KafkaBroker };

export function rememberBroker(broker: KafkaBroker | undefined): void {
  (globalThis as Holder)[KEY] = broker;
}

export function takeBroker(): KafkaBroker | undefined {
  const broker = (globalThis as Holder)[KEY];
  (globalThis as Holder)[KEY] = undefined;
  return broker;
}
