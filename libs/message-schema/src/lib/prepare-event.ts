import { MessageSchemaError } from './errors.js';
import { type JsonPiece, type NameCache, nanosPiece, objectText, stringText, utf8Bytes } from './json-text.js';
import { tagPieces } from './prepare-tags.js';
import type { EventRecord } from './types.js';

/** A validated event as its JSON object text; both formats write events in this same shape. */
export interface PreparedEvent {
  timestamp: bigint;
  json: JsonPiece;
}

/** `{"Id":..,"Value":..,"Tags":{..},"Timestamp":ns}`: Tags always present, as the SDK wrote it. */
export function prepareEvent(event: EventRecord, index: number, names: NameCache): PreparedEvent {
  const fail = (problem: string): MessageSchemaError =>
    new MessageSchemaError('INVALID_EVENT', `Event ${index} (id ${JSON.stringify(String(event.id))}): ${problem}`);
  if (typeof event.id !== 'string') throw fail('id must be a string.');
  if (typeof event.value !== 'string') throw fail('value must be a string; serialise structured values first.');
  if (typeof event.timestamp !== 'bigint' || event.timestamp < 0n) {
    throw fail('timestamp must be a bigint of nanoseconds since the Unix epoch, not negative.');
  }
  const tags = objectText(tagPieces(event.tags, names, fail));
  const text =
    `{"Id":${stringText(event.id)},"Value":${stringText(event.value)},` +
    `"Tags":${tags},"Timestamp":${nanosPiece(event.timestamp).text}}`;
  return { timestamp: event.timestamp, json: { text, bytes: utf8Bytes(text) } };
}
