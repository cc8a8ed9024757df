import type { EventEmitter } from 'node:events';
import type { Logger } from './logger.js';

/**
 * Sends Node's process warnings through the app's logger (JSON lines like everything else)
 * instead of Node's own stderr text, every one at warn: none is known to be harmless (kafkajs's
 * TimeoutNegativeWarning on Node 24 is fixed in patches/kafkajs+2.2.4.patch).
 * `source` is the process; tests pass their own emitter, because under jest a module such as
 * signal-exit may have rebound `process.emit` to the real process, away from the test's copy.
 */
export function logProcessWarnings(logger: Logger, source: EventEmitter = process): void {
  source.removeAllListeners('warning');
  source.on('warning', (warning: Error) => {
    logger.warn({ warning: { name: warning.name, message: warning.message } }, `process warning: ${warning.message}`);
  });
}
