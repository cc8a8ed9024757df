// The helpers for tools that run outside jest (tools/fault): the index also holds jest suites
// and the testcontainers path, which cannot be loaded there.
export { startRestartableBroker } from './kafka/restartable-broker.ts';
export type { RestartableBroker, RestartableBrokerOptions } from './kafka/restartable-broker.ts';
export { readAll, readBack } from './kafka/read-back.ts';
export type { ReadMessage } from './kafka/read-back.ts';
export { readCommitted } from './kafka/read-committed.ts';
export type { ReadCommittedOptions } from './kafka/read-committed.ts';
export { freePort } from './kafka/free-port.ts';
export { repoRoot } from './kafka/repo-paths.ts';
