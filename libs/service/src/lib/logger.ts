import pino, { type Logger } from 'pino';

export type { Logger };

/** Keys whose values are never logged, wherever they appear in a logged object. */
const REDACTED = [
  'password',
  'token',
  'secret',
  'sdkToken',
  'authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.sdkToken',
  '*.authorization',
  '*.sasl.password',
  'headers.authorization',
  'req.headers.authorization',
];

export interface LoggerOptions {
  name: string;
  level: string;
  /** Pretty, coloured lines; by default only when stdout is a terminal. */
  pretty?: boolean;
  /** Where JSON lines go; stderr by default (stdout carries data when no broker is configured). */
  destination?: pino.DestinationStream;
}

/** JSON lines with pino, errors under `err`, secrets redacted; pretty on a TTY. */
export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  return pino({
    name: options.name,
    level: options.level,
    redact: { paths: REDACTED, censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } }
      : {}),
  }, pretty ? undefined : (options.destination ?? pino.destination(2)));
}
