export type {
  EncodedMessage,
  EventRecord,
  MessageFormat,
  StreamEncoder,
  StreamEndType,
  StreamProperties,
  TimeseriesRow,
} from './lib/types.js';
export { MESSAGE_FORMATS, STREAM_END_TYPES } from './lib/types.js';
export { createEncoder } from './lib/create-encoder.js';
export { rowValues } from './lib/row-values.js';
export { millisFromNanos, nanosFromDate, nanosFromMillis } from './lib/time.js';
export { createNanoClock, nowNanos, type NanoClockSources } from './lib/nano-clock.js';
export {
  MESSAGE_SCHEMA_ERROR_CODES,
  MessageSchemaError,
  type MessageSchemaErrorCode,
} from './lib/errors.js';
export { parseJsonExact } from './lib/exact-json.js';
export { RESERVED_NAMES, unreservedName } from './lib/prepare-row.js';
export { decodeMessage, type DecodedPackage, type TimeseriesColumns } from './lib/decode-message.js';
