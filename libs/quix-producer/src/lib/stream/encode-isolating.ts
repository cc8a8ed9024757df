import { MessageSchemaError, type EncodedMessage, type EventRecord, type StreamEncoder, type TimeseriesRow } from '@quix-connectors/message-schema';

/** Items the encoder cannot write (invalid, or too large alone), each with its error. */
export interface EncodeRefusal<T> {
  item: T;
  error: MessageSchemaError;
}

export interface IsolatedEncoding<T> {
  messages: EncodedMessage[];
  /** The items inside each message, in order. */
  itemsOf: T[][];
  refused: EncodeRefusal<T>[];
}

/**
 * Encodes items as one batch; when the encoder refuses the batch, each item is tried alone, the
 * ones it refuses are set aside, and the rest are encoded again as a batch. The common case
 * costs one encode; one bad row never holds back the others.
 */
function encodeIsolating<T>(items: readonly T[], encode: (batch: readonly T[]) => EncodedMessage[]): IsolatedEncoding<T> {
  try {
    const messages = encode(items);
    return { messages, itemsOf: itemsPerMessage(messages, items), refused: [] };
  } catch (error) {
    if (!(error instanceof MessageSchemaError)) throw error;
  }
  const good: T[] = [];
  const refused: EncodeRefusal<T>[] = [];
  for (const item of items) {
    try {
      encode([item]);
      good.push(item);
    } catch (error) {
      if (!(error instanceof MessageSchemaError)) throw error;
      refused.push({ item, error });
    }
  }
  const messages = good.length > 0 ? encode(good) : [];
  return { messages, itemsOf: itemsPerMessage(messages, good), refused };
}

function itemsPerMessage<T>(messages: readonly EncodedMessage[], items: readonly T[]): T[][] {
  const out: T[][] = [];
  let next = 0;
  for (const m of messages) {
    out.push(items.slice(next, next + m.itemCount));
    next += m.itemCount;
  }
  return out;
}

export function encodeRowsIsolating(encoder: StreamEncoder, rows: readonly TimeseriesRow[], maxBytes: number): IsolatedEncoding<TimeseriesRow> {
  return encodeIsolating(rows, (batch) => encoder.encodeRows(batch, maxBytes));
}

export function encodeEventsIsolating(encoder: StreamEncoder, events: readonly EventRecord[], maxBytes: number): IsolatedEncoding<EventRecord> {
  return encodeIsolating(events, (batch) => encoder.encodeEvents(batch, maxBytes));
}
