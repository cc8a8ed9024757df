import { parseJsonExact } from '@quix-connectors/message-schema';
import type { MessageFormat } from '@quix-connectors/message-schema';

/** One row as a reader gets it: its nanosecond time and its values (numbers, strings, tags). */
export interface DecodedRow {
  timestamp: bigint;
  values: Record<string, unknown>;
}

export interface DecodedEvent {
  id: string;
  value: string;
  timestamp: bigint;
}

export interface DecodedTopic {
  rows: DecodedRow[];
  events: DecodedEvent[];
  /** Model keys of the quix messages that carry no data, in order (StreamProperties, StreamEnd...). */
  controls: string[];
  /** Messages that are neither (named in the report: a reader would stop at them). */
  undecodable: number;
}

type Json = Record<string, unknown>;

const asNanos = (value: unknown): bigint => (typeof value === 'bigint' ? value : BigInt(Math.trunc(Number(value))));

/** json rows are objects with a Timestamp; json events are exactly {Id, Value, Tags, Timestamp}. */
function isEvent(object: Json): boolean {
  const keys = Object.keys(object);
  return keys.includes('Id') && keys.includes('Value') && keys.every((key) => ['Id', 'Value', 'Tags', 'Timestamp'].includes(key));
}

function event(object: Json): DecodedEvent {
  return { id: String(object['Id']), value: String(object['Value']), timestamp: asNanos(object['Timestamp']) };
}

/** ParameterData back into rows, one per timestamp; null cells are left out (in json rows too). */
function parameterDataRows(payload: Json): DecodedRow[] {
  const timestamps = (payload['Timestamps'] as unknown[]).map(asNanos);
  const rows = timestamps.map((timestamp) => ({ timestamp, values: {} as Record<string, unknown> }));
  for (const kind of ['NumericValues', 'StringValues', 'TagValues']) {
    for (const [name, cells] of Object.entries((payload[kind] ?? {}) as Record<string, unknown[]>)) {
      cells.forEach((cell, i) => {
        if (cell !== null && rows[i] !== undefined) rows[i].values[name] = cell;
      });
    }
  }
  return rows;
}

/** Decodes an app's topic as a reader of that format would (json or the quix envelope). */
export function decodeMessages(messages: readonly { value: Buffer }[], format: MessageFormat): DecodedTopic {
  const decoded: DecodedTopic = { rows: [], events: [], controls: [], undecodable: 0 };
  for (const { value } of messages) {
    let object: Json;
    try {
      object = parseJsonExact(value.toString('utf8')) as Json;
    } catch {
      decoded.undecodable += 1;
      continue;
    }
    if (object === null || typeof object !== 'object') decoded.undecodable += 1;
    else if (format === 'json') {
      if (isEvent(object)) decoded.events.push(event(object));
      else if ('Timestamp' in object) {
        const { Timestamp, Tags, ...values } = object;
        const present = Object.entries(values).filter(([, cell]) => cell !== null);
        decoded.rows.push({ timestamp: asNanos(Timestamp), values: { ...Object.fromEntries(present), ...(Tags as Json | undefined) } });
      } else decoded.undecodable += 1;
    } else {
      const key = object['K'];
      const payload = object['V'];
      if (key === 'ParameterData' || key === 'TimeseriesData') decoded.rows.push(...parameterDataRows(payload as Json));
      else if (key === 'EventData[]') decoded.events.push(...(payload as Json[]).map(event));
      else if (key === 'EventData') decoded.events.push(event(payload as Json));
      else if (typeof key === 'string') decoded.controls.push(key);
      else decoded.undecodable += 1;
    }
  }
  return decoded;
}
