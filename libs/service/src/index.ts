export {
  runService,
  runTransactionalService,
  runJob,
  baseVariables,
  type BaseVariables,
  type ConnectorContext,
  type ServiceContext,
  type TransactionalContext,
  type ServiceDefinition,
  type TransactionalServiceDefinition,
  type JobDefinition,
  type RunningApp,
  type RunOptions,
  type HttpLimits,
} from './lib/run-connector.js';
export { serviceVariables, LOG_LEVELS } from './lib/service-variables.js';
export { createLogger, type Logger, type LoggerOptions } from './lib/logger.js';
export { createMetrics, type ServiceMetrics, type PublishingStats } from './lib/metrics.js';
export { createHttpServer, createMetricsServer, type HttpServerOptions } from './lib/http-server.js';
export { Readiness, type SourceReadiness } from './lib/readiness.js';
export { logProcessWarnings } from './lib/process-warnings.js';
export { registerCors, originAllowed, type CorsSettings } from './lib/cors.js';
export { sameSecret, anySecret, bearerToken, basicLogin, createSenderAuth, SENDER_AUTH_TYPES, type SenderAuthType, type SenderAuthSettings, type SenderAuthVerdict } from './lib/credentials.js';
