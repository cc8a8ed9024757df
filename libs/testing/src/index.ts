export { startKafkaBroker, parseBrokerList } from './kafka/broker.ts';
export type { KafkaBroker, StartKafkaBrokerOptions } from './kafka/broker.ts';
export type { ListenerSpec } from './kafka/server-properties.ts';
export {
  buildServerProperties,
  formatProperties,
} from './kafka/server-properties.ts';
export { createTestTopic, topicConfigValue } from './kafka/topics.ts';
export type { CreateTestTopicOptions } from './kafka/topics.ts';
export { readBack, readAll } from './kafka/read-back.ts';
export { readCommitted } from './kafka/read-committed.ts';
export type { ReadCommittedOptions } from './kafka/read-committed.ts';
export type {
  ReadMessage,
  ReadBackOptions,
  ReadAllOptions,
} from './kafka/read-back.ts';
export { readWithQuixstreams } from './kafka/quixstreams-reader.ts';
export type {
  ReadWithQuixstreamsOptions,
  QuixstreamsRow,
} from './kafka/quixstreams-reader.ts';
export { parseJsonExact } from '@quix-connectors/message-schema';
export { TestingError } from './kafka/errors.ts';
export type { TestingErrorCode } from './kafka/errors.ts';
export { testBrokers } from './jest/test-brokers.ts';
export { startSecureKafkaBroker, portalBrokerSettings, saslSslSettings } from './secure/secure-broker.ts';
export type { SecureKafkaBroker, SaslUser } from './secure/secure-broker.ts';
export { makeTestCertificates } from './secure/test-certificates.ts';
export type { TestCertificates } from './secure/test-certificates.ts';
export { startPortalStandIn } from './quix-portal/portal-stand-in.ts';
export type { PortalStandIn, PortalStandInOptions } from './quix-portal/portal-stand-in.ts';
export { readmeVariablesTable } from './apps/readme-variables.ts';
export { runBuiltApp } from './apps/run-built-app.ts';
export type { RunningBuiltApp } from './apps/run-built-app.ts';
export { startJarBroker } from './kafka/jar-broker.ts';
export type { JarBroker, JarBrokerOptions } from './kafka/jar-broker.ts';
export { startRestartableBroker } from './kafka/restartable-broker.ts';
export type { RestartableBroker, RestartableBrokerOptions } from './kafka/restartable-broker.ts';
export { deploymentVariables, imageOf, imageRuntimeDeps, projectVariableKeyOf, quixYamlDeployment } from './apps/deployment-files.ts';
export type { QuixYamlDeployment, QuixYamlVariable } from './apps/deployment-files.ts';
export { quixYamlProblems, quixYamlSchema, type QuixYaml } from './apps/quix-yaml-schema.ts';
export { describeDeploymentFiles } from './apps/deployment-files-suite.ts';
export type { DeploymentFilesSuiteOptions } from './apps/deployment-files-suite.ts';
