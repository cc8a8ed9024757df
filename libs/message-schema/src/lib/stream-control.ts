import { describeValue, MessageSchemaError } from './errors.js';
import { stringPiece } from './json-text.js';
import { distinctWellFormedName, isWellFormed } from './well-formed.js';
import { STREAM_END_TYPES, type StreamEndType, type StreamProperties } from './types.js';

/** `at` is the Kafka timestamp of a properties or stream end message. */
export function assertAt(at: bigint): void {
  if (typeof at !== 'bigint' || at < 0n) {
    throw new MessageSchemaError(
      'INVALID_ARGUMENT',
      `at is ${describeValue(at)}; pass a bigint of nanoseconds since the Unix epoch (nowNanos()).`,
    );
  }
}

function invalid(problem: string): MessageSchemaError {
  return new MessageSchemaError('INVALID_PROPERTIES', `Stream properties: ${problem}`);
}

function optionalString(field: string, value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value !== 'string') throw invalid(`${field} is ${describeValue(value)}; it must be a string.`);
  return stringPiece(value).text;
}

/** The SDK's StreamProperties payload: absent name/location as null, absent collections empty. */
export function propertiesPayload(properties: StreamProperties): string {
  const metadata = properties.metadata ?? {};
  const metadataParts: string[] = [];
  let replaced: Set<string> | undefined; // keys that had a lone surrogate, as written
  for (const given of Object.keys(metadata)) {
    const value: unknown = metadata[given];
    if (typeof value !== 'string') {
      throw invalid(`metadata ${JSON.stringify(given)} is ${describeValue(value)}; metadata values must be strings.`);
    }
    // Every string goes out well-formed (stringPiece); a key must stay distinct once it is.
    const key = isWellFormed(given)
      ? given
      : distinctWellFormedName(given, (replaced ??= new Set()), (n) => Object.hasOwn(metadata, n), (p) => invalid(`metadata ${p}`));
    metadataParts.push(stringPiece(key).text + ':' + stringPiece(value).text);
  }
  const parents = properties.parents ?? [];
  if (!Array.isArray(parents)) throw invalid('parents must be an array of stream ids.');
  const parentParts = parents.map((parent: unknown, i) => {
    if (typeof parent !== 'string') throw invalid(`parents[${i}] is ${describeValue(parent)}; stream ids are strings.`);
    return stringPiece(parent).text;
  });
  return (
    `{"Name":${optionalString('name', properties.name)},` +
    `"Location":${optionalString('location', properties.location)},` +
    `"Metadata":{${metadataParts.join(',')}},"Parents":[${parentParts.join(',')}],` +
    `"TimeOfRecording":${timeOfRecording(properties.timeOfRecording)}}`
  );
}

function timeOfRecording(value: Date | null | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw invalid('timeOfRecording must be a valid Date or null.');
  }
  return JSON.stringify(value.toISOString());
}

export function streamEndPayload(type: StreamEndType): string {
  if (!STREAM_END_TYPES.includes(type)) {
    throw new MessageSchemaError(
      'INVALID_ARGUMENT',
      `Stream end type ${JSON.stringify(String(type))} is unknown; use one of ${STREAM_END_TYPES.join(', ')}.`,
    );
  }
  return `{"StreamEndType":"${type}"}`;
}
