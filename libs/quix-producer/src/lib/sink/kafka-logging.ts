import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../logger.js';

/** Routes kafkajs's own logs into ours, at the matching level. */
export function kafkajsLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...details } = log;
      const entry = { kafkajs: details };
      // kafkajs warns at every start because its retries are bounded; that is deliberate here
      // (the delivery queue retries on top, so a give-up can at worst duplicate, never lose).
      if (message.startsWith('Limiting retries for the idempotent producer')) return logger.debug(entry, `kafkajs: ${message}`);
      if (level === logLevel.ERROR) logger.error(entry, `kafkajs: ${message}`);
      else if (level === logLevel.WARN) logger.warn(entry, `kafkajs: ${message}`);
      else if (level === logLevel.INFO) logger.info(entry, `kafkajs: ${message}`);
      else logger.debug(entry, `kafkajs: ${message}`);
    };
}
