import { parse, variable } from '@quix-connectors/config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Variables of the service plumbing every app shares. */
export function serviceVariables(defaults: { port: number }) {
  return {
    logLevel: variable('LOG_LEVEL', parse.oneOf(LOG_LEVELS).default('info'), {
      description: 'Log level: fatal, error, warn, info, debug, trace or silent.',
      defaultValue: 'info',
    }),
    port: variable('PORT', parse.port().default(defaults.port), {
      description: 'HTTP port of /healthz, /readyz and /metrics (0 picks a free port).',
      defaultValue: String(defaults.port),
    }),
    shutdownTimeoutMs: variable('SHUTDOWN_TIMEOUT_MS', parse.positiveInt().default(10_000), {
      description: 'On SIGTERM/SIGINT, how long to wait for buffered data to be acknowledged before exiting.',
      defaultValue: '10000',
    }),
  };
}
