export { runService, baseVariables, type ServiceDefinition, type ServiceContext, type RunningApp } from './lib/run-service.js';
export { serviceVariables, LOG_LEVELS } from './lib/service-variables.js';
export { createLogger, type Logger, type LoggerOptions } from './lib/logger.js';
export { createMetrics, type ServiceMetrics } from './lib/metrics.js';
export { createHttpServer, type HttpServerOptions } from './lib/http-server.js';
export { fixedRate, type FixedRate, type FixedRateOptions } from './lib/schedule/fixed-rate.js';
export { systemClock, sleep, type Clock } from './lib/schedule/clock.js';
export { logProcessWarnings } from './lib/process-warnings.js';
