/** The logging the producer needs: pino's shape, so the service's pino logger fits as it is. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child?(bindings: Record<string, unknown>): Logger;
}

const ignore = (): void => undefined;
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

export function childLogger(logger: Logger, component: string): Logger {
  return logger.child ? logger.child({ component }) : logger;
}
