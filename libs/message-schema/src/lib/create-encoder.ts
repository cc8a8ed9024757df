import { MessageSchemaError } from './errors.js';
import { createJsonEncoder } from './json-encoder.js';
import { createQuixEncoder } from './quix-encoder.js';
import { MESSAGE_FORMATS, type MessageFormat, type StreamEncoder } from './types.js';

/** The encoder for a configured format; the format name usually comes from config, so check it. */
export function createEncoder(format: MessageFormat): StreamEncoder {
  switch (format) {
    case 'json':
      return createJsonEncoder();
    case 'quix':
      return createQuixEncoder();
    default:
      throw new MessageSchemaError(
        'INVALID_ARGUMENT',
        `Message format ${JSON.stringify(String(format))} is unknown; use one of ${MESSAGE_FORMATS.join(', ')}.`,
      );
  }
}
