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
      description: 'HTTP port of /healthz, /readyz and /metrics, and of the app\'s own routes (0 picks a free port).',
      defaultValue: String(defaults.port),
    }),
    host: variable('HOST', parse.text().default('0.0.0.0'), {
      description: 'Address the HTTP server listens on: 0.0.0.0 (all, as containers need), 127.0.0.1 (this machine only), or one interface.',
      defaultValue: '0.0.0.0',
    }),
    metricsPort: variable('METRICS_PORT', parse.port().optional(), {
      description:
        'Serve /metrics on this port only, apart from the app\'s routes (e.g. keep metrics off a public webhook port). Unset: /metrics is on PORT.',
    }),
    shutdownTimeoutMs: variable('SHUTDOWN_TIMEOUT_MS', parse.durationMs({ min: 100, max: 600_000 }).default(10_000), {
      description: 'On SIGTERM/SIGINT, how long stopping may take in all: input stops, buffered data is flushed and acknowledged, then the app exits.',
      defaultValue: '10000',
    }),
    summaryIntervalMs: variable('LOG_SUMMARY_INTERVAL_MS', parse.durationMs({ min: 0, max: 86_400_000 }).default(60_000), {
      description: 'Log a one-line summary of what was published (rows/events, messages, bytes, last ack) this often, ms; 0 turns it off.',
      defaultValue: '60000',
    }),
  };
}
