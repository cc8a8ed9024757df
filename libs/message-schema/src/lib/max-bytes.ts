import { MessageSchemaError } from './errors.js';
import type { MessageFormat } from './types.js';

/** maxBytes must be a positive number; Infinity means "no limit". */
export function assertMaxBytes(maxBytes: number): void {
  if (typeof maxBytes !== 'number' || Number.isNaN(maxBytes) || maxBytes <= 0) {
    throw new MessageSchemaError(
      'INVALID_ARGUMENT',
      `maxBytes is ${String(maxBytes)}; pass the largest message value the topic accepts, in bytes ` +
        '(a positive number, e.g. a little under the topic max.message.bytes).',
    );
  }
}

/** One row or event alone does not fit: no batching can help, only a larger limit or less data. */
export function tooLarge(
  what: 'Row' | 'Event',
  index: number,
  format: MessageFormat,
  size: number,
  maxBytes: number,
): MessageSchemaError {
  return new MessageSchemaError(
    'MESSAGE_TOO_LARGE',
    `${what} ${index} alone encodes to ${size} bytes in the ${format} format, more than the limit of ` +
      `${maxBytes} bytes. Raise the limit (topic max.message.bytes and the producer's maxBytes) or ` +
      `make the ${what.toLowerCase()} smaller (fewer or shorter values).`,
  );
}
