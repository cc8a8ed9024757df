import type { EventEmitter } from 'node:events';
import type { Logger } from './logger.js';

/**
 * Sends Node's process warnings through the app's logger (JSON lines like everything else)
 * instead of Node's own stderr text. kafkajs 2.2.4 trips Node 24's TimeoutNegativeWarning from
 * its request queue at every start; it is harmless, so it goes to debug, not warn.
 * `source` is the process; tests pass their own emitter, because under jest a module such as
 * signal-exit may have rebound `process.emit` to the real process, away from the test's copy.
 */
export function logProcessWarnings(logger: Logger, source: EventEmitter = process): void {
  source.removeAllListeners('warning');
  source.on('warning', (warning: Error) => {
    const entry = { warning: { name: warning.name, message: warning.message } };
    if (warning.name === 'TimeoutNegativeWarning') logger.debug(entry, 'process warning (known, harmless: kafkajs on Node 24)');
    else logger.warn(entry, `process warning: ${warning.message}`);
  });
}
