import { parseJsonExact } from './exact-json.js';
import type { EventRecord, StreamEndType, StreamProperties } from './types.js';

/** Time series data in columns, as the Quix SDK's ParameterData holds it (every column aligned with `timestamps`). */
export interface TimeseriesColumns {
  timestamps: bigint[];
  numericValues: Record<string, (number | null)[]>;
  stringValues: Record<string, (string | null)[]>;
  /** base64, as both formats write bytes */
  binaryValues: Record<string, (string | null)[]>;
  tagValues: Record<string, (string | null)[]>;
}

/** One Kafka message of a Quix stream, read back: whichever format it was written in. */
export type DecodedPackage =
  | { kind: 'timeseries'; data: TimeseriesColumns }
  | { kind: 'events'; events: EventRecord[] }
  | { kind: 'properties'; properties: StreamProperties }
  | { kind: 'end'; type: StreamEndType };

type Json = Record<string, unknown>;

/** A dictionary without a prototype, so a name such as `__proto__` is an ordinary key. */
const dictionary = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const asNanos = (v: unknown): bigint | undefined =>
  typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) && v >= 0 ? BigInt(v) : undefined;

/**
 * Reads a message value written in the `json` format (one row or one event per message) or the
 * `quix` format (the SDK envelope: ParameterData, EventData[], StreamProperties, StreamEnd).
 * Nanosecond timestamps stay exact. Undefined for anything else (definitions, foreign JSON, text
 * that is not JSON): a reader skips what it cannot show.
 */
export function decodeMessage(value: Buffer | string): DecodedPackage | undefined {
  const text = typeof value === 'string' ? value : value.toString('utf8');
  let parsed: unknown;
  try {
    parsed = parseJsonExact(text);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  if (typeof parsed['K'] === 'string' && 'V' in parsed && (parsed['C'] === 'JT' || parsed['C'] === 'J')) return fromEnvelope(parsed['K'], parsed['V']);
  return fromJsonFormat(parsed);
}

function fromEnvelope(key: string, payload: unknown): DecodedPackage | undefined {
  switch (key) {
    case 'ParameterData':
    case 'TimeseriesData':
      return isObject(payload) ? timeseriesFromColumns(payload) : undefined;
    case 'EventData[]': {
      const events = Array.isArray(payload) ? payload.map(eventFrom) : [];
      return events.length > 0 && events.every((e) => e !== undefined) ? { kind: 'events', events: events as EventRecord[] } : undefined;
    }
    case 'EventData': {
      const event = eventFrom(payload);
      return event ? { kind: 'events', events: [event] } : undefined;
    }
    case 'StreamProperties':
      return isObject(payload) ? { kind: 'properties', properties: propertiesFrom(payload) } : undefined;
    case 'StreamEnd': {
      const type = isObject(payload) ? payload['StreamEndType'] : undefined;
      return type === 'Closed' || type === 'Aborted' || type === 'Terminated' ? { kind: 'end', type } : undefined;
    }
    default:
      return undefined;
  }
}

function timeseriesFromColumns(payload: Json): DecodedPackage | undefined {
  const stamps = Array.isArray(payload['Timestamps']) ? payload['Timestamps'].map(asNanos) : undefined;
  if (stamps === undefined || stamps.some((s) => s === undefined)) return undefined;
  const epoch = asNanos(payload['Epoch']) ?? 0n;
  const columns = <T>(name: string, cell: (v: unknown) => T | null): Record<string, (T | null)[]> => {
    const out = dictionary<(T | null)[]>();
    const group = payload[name];
    if (!isObject(group)) return out;
    for (const [key, cells] of Object.entries(group)) {
      if (Array.isArray(cells) && cells.length === stamps.length) out[key] = cells.map(cell);
    }
    return out;
  };
  // Numbers beyond 2^53 arrive exact as bigint; a numeric column holds doubles, as the SDK's does.
  const asNumber = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);
  const asString = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    kind: 'timeseries',
    data: {
      timestamps: (stamps as bigint[]).map((s) => s + epoch),
      numericValues: columns('NumericValues', asNumber),
      stringValues: columns('StringValues', asString),
      binaryValues: columns('BinaryValues', asString),
      tagValues: columns('TagValues', asString),
    },
  };
}

function eventFrom(value: unknown): EventRecord | undefined {
  if (!isObject(value) || typeof value['Id'] !== 'string' || typeof value['Value'] !== 'string') return undefined;
  const timestamp = asNanos(value['Timestamp']);
  if (timestamp === undefined) return undefined;
  return { id: value['Id'], value: value['Value'], timestamp, tags: stringRecord(value['Tags']) };
}

function propertiesFrom(payload: Json): StreamProperties {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const properties: StreamProperties = { metadata: stringRecord(payload['Metadata']) };
  const name = text(payload['Name']);
  const location = text(payload['Location']);
  if (name !== undefined) properties.name = name;
  if (location !== undefined) properties.location = location;
  properties.parents = Array.isArray(payload['Parents']) ? payload['Parents'].filter((p): p is string => typeof p === 'string') : [];
  const recorded = text(payload['TimeOfRecording']);
  properties.timeOfRecording = recorded === undefined ? null : new Date(recorded);
  return properties;
}

/** A json-format message: an event `{Id, Value, Tags, Timestamp}`, or a row `{Timestamp, ..., Tags}`. */
function fromJsonFormat(value: Json): DecodedPackage | undefined {
  const keys = Object.keys(value);
  if ('Id' in value && 'Value' in value && keys.every((k) => ['Id', 'Value', 'Tags', 'Timestamp'].includes(k))) {
    const event = eventFrom(value);
    return event ? { kind: 'events', events: [event] } : undefined;
  }
  const timestamp = asNanos(value['Timestamp']);
  if (timestamp === undefined) return undefined;
  const data: TimeseriesColumns = { timestamps: [timestamp], numericValues: dictionary(), stringValues: dictionary(), binaryValues: dictionary(), tagValues: dictionary() };
  for (const [key, cell] of Object.entries(value)) {
    if (key === 'Timestamp') continue;
    if (key === 'Tags') {
      for (const [tag, tagValue] of Object.entries(stringRecord(cell))) data.tagValues[tag] = [tagValue];
    } else if (typeof cell === 'number') data.numericValues[key] = [cell];
    else if (typeof cell === 'bigint') data.numericValues[key] = [Number(cell)];
    else if (typeof cell === 'string') data.stringValues[key] = [cell];
  }
  return { kind: 'timeseries', data };
}

function stringRecord(value: unknown): Record<string, string> {
  const out = dictionary<string>();
  if (isObject(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}
