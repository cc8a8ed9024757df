import { NameCache, utf8Bytes } from './json-text.js';
import { assertMaxBytes, tooLarge } from './max-bytes.js';
import { ParameterDataBatch } from './parameter-data-batch.js';
import { type PreparedEvent, prepareEvent } from './prepare-event.js';
import { prepareRow } from './prepare-row.js';
import { envelopeBytes, type ModelKey, wrapEnvelope } from './quix-envelope.js';
import { assertAt, propertiesPayload, streamEndPayload } from './stream-control.js';
import { millisFromNanos } from './time.js';
import type {
  EncodedMessage,
  EventRecord,
  StreamEncoder,
  StreamEndType,
  StreamProperties,
  TimeseriesRow,
} from './types.js';

/**
 * Packs rows greedily into ParameterData messages: a row joins the open batch if the batch still
 * fits maxBytes with it, else the batch is sent and the row opens the next one. A name that
 * changes value kind also starts a new message (a Python reader would merge the two columns).
 */
function encodeRows(rows: readonly TimeseriesRow[], maxBytes: number): EncodedMessage[] {
  assertMaxBytes(maxBytes);
  const names = new NameCache();
  const messages: EncodedMessage[] = [];
  let batch = new ParameterDataBatch();
  for (let index = 0; index < rows.length; index++) {
    const row = prepareRow(rows[index], index, names);
    if (batch.tryAdd(row, maxBytes)) continue;
    if (batch.rowCount > 0) {
      messages.push(batch.toMessage());
      batch = new ParameterDataBatch();
    }
    if (!batch.tryAdd(row, maxBytes)) {
      // An empty batch has no kinds to conflict with, so only the size can refuse the row.
      throw tooLarge('Row', index, 'quix', batch.sizeWith(row) as number, maxBytes);
    }
  }
  if (batch.rowCount > 0) messages.push(batch.toMessage());
  return messages;
}

/** `[e0,e1,...]`: 2 bytes of brackets, the events and a comma between each two. */
function eventsMessage(events: readonly PreparedEvent[], payloadBytes: number): EncodedMessage {
  const payload = `[${events.map((event) => event.json.text).join(',')}]`;
  return {
    value: wrapEnvelope('EventData[]', payload, payloadBytes),
    timestampMs: millisFromNanos(events[0].timestamp),
    itemCount: events.length,
  };
}

/** Packs events greedily into EventData[] messages, the same way as rows. */
function encodeEvents(events: readonly EventRecord[], maxBytes: number): EncodedMessage[] {
  assertMaxBytes(maxBytes);
  const names = new NameCache();
  const messages: EncodedMessage[] = [];
  let batch: PreparedEvent[] = [];
  let payloadBytes = 2;
  for (let index = 0; index < events.length; index++) {
    const event = prepareEvent(events[index], index, names);
    const comma = batch.length > 0 ? 1 : 0;
    if (envelopeBytes('EventData[]', payloadBytes + comma + event.json.bytes) > maxBytes) {
      if (batch.length > 0) messages.push(eventsMessage(batch, payloadBytes));
      batch = [];
      payloadBytes = 2;
      const alone = envelopeBytes('EventData[]', 2 + event.json.bytes);
      if (alone > maxBytes) throw tooLarge('Event', index, 'quix', alone, maxBytes);
    }
    payloadBytes += (batch.length > 0 ? 1 : 0) + event.json.bytes;
    batch.push(event);
  }
  if (batch.length > 0) messages.push(eventsMessage(batch, payloadBytes));
  return messages;
}

function controlMessage(key: ModelKey, payload: string, at: bigint): EncodedMessage {
  return { value: wrapEnvelope(key, payload, utf8Bytes(payload)), timestampMs: millisFromNanos(at), itemCount: 0 };
}

/** The Quix SDK envelope format, read by quixstreams with value_deserializer="quix". */
export function createQuixEncoder(): StreamEncoder {
  return {
    format: 'quix',
    encodeRows,
    encodeEvents,
    encodeProperties(properties: StreamProperties, at: bigint): EncodedMessage {
      assertAt(at);
      return controlMessage('StreamProperties', propertiesPayload(properties), at);
    },
    encodeStreamEnd(type: StreamEndType, at: bigint): EncodedMessage {
      assertAt(at);
      return controlMessage('StreamEnd', streamEndPayload(type), at);
    },
  };
}
