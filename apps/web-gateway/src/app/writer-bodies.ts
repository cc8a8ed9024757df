import type { EventRecord, StreamProperties, TimeseriesRow } from '@quix-connectors/message-schema';
import { z } from 'zod';
import { toNanos } from './timestamps.js';

/** A body the Writer API would refuse: `field` names where (e.g. `numericValues.speed[3]`). */
export class InvalidBody extends Error {
  constructor(readonly field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'InvalidBody';
  }
}

/**
 * Old official samples sent PascalCase (`NumericValues`), newer ones camelCase. Only the
 * structural keys are renamed; the names inside (parameters, tags, metadata) stay as sent.
 */
function camelKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key.charAt(0).toLowerCase() + key.slice(1)] = v;
  return out;
}

const time = z.union([z.number().finite().nonnegative(), z.bigint().nonnegative()]);
const dictionary = <T extends z.ZodType>(cell: T) => z.record(z.string().min(1), z.array(cell)).optional();

const parameterDataSchema = z.object({
  epoch: time.optional(),
  timestamps: z.array(time).min(1, 'needs at least one timestamp'),
  numericValues: dictionary(z.number().nullable()),
  stringValues: dictionary(z.string().nullable()),
  binaryValues: dictionary(z.string().base64().nullable()),
  tagValues: dictionary(z.string().nullable()),
});

const eventSchema = z.object({
  id: z.string().min(1),
  timestamp: time,
  value: z.string().nullish(),
  tags: z.record(z.string(), z.string()).nullish(),
});

const detailsSchema = z.object({
  name: z.string().nullish(),
  location: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  parents: z.array(z.string()).nullish(),
  timeOfRecording: z.union([z.string(), z.number()]).nullish(),
  streamId: z.string().nullish(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') ?? '';
  throw new InvalidBody(`${what}${path}`, issue?.message ?? 'is invalid');
}

/** ParameterData (columns aligned with `timestamps`) as rows; a column of another length is refused. */
export function parameterDataRows(body: unknown): TimeseriesRow[] {
  const data = parse(parameterDataSchema, camelKeys(body), 'data');
  const epoch = data.epoch === undefined ? 0n : BigInt(data.epoch);
  const rows: TimeseriesRow[] = data.timestamps.map((t) => ({ timestamp: toNanos(t, epoch) }));
  const columns = <T,>(group: 'numericValues' | 'stringValues' | 'binaryValues' | 'tagValues', cells: Record<string, T[]> | undefined, put: (row: TimeseriesRow, name: string, cell: T) => void): void => {
    for (const [name, values] of Object.entries(cells ?? {})) {
      if (values.length !== rows.length) throw new InvalidBody(`data.${group}.${name}`, `has ${values.length} values for ${rows.length} timestamps`);
      values.forEach((cell, i) => put(rows[i] as TimeseriesRow, name, cell));
    }
  };
  columns('numericValues', data.numericValues, (row, name, cell) => ((row.numeric ??= {})[name] = cell));
  columns('stringValues', data.stringValues, (row, name, cell) => ((row.strings ??= {})[name] = cell));
  columns('binaryValues', data.binaryValues, (row, name, cell) => ((row.binary ??= {})[name] = cell === null ? null : Buffer.from(cell, 'base64')));
  columns('tagValues', data.tagValues, (row, name, cell) => {
    if (cell !== null) (row.tags ??= {})[name] = cell;
  });
  return rows;
}

/** EventData: one object or a list of them. */
export function eventRecords(body: unknown): EventRecord[] {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) throw new InvalidBody('events', 'needs at least one event');
  return list.map((item, i) => {
    const event = parse(eventSchema, camelKeys(item), `events[${i}]`);
    return { id: event.id, value: event.value ?? '', timestamp: toNanos(event.timestamp), ...(event.tags ? { tags: event.tags } : {}) };
  });
}

/** Stream details (CreateStream / UpdateStream) as stream properties. */
export function streamDetails(body: unknown): StreamProperties & { streamId?: string } {
  const details = parse(detailsSchema, camelKeys(body ?? {}), 'details');
  const recorded = details.timeOfRecording == null ? undefined : new Date(details.timeOfRecording);
  if (recorded !== undefined && Number.isNaN(recorded.getTime())) throw new InvalidBody('details.timeOfRecording', 'is not a date');
  return {
    ...(details.streamId ? { streamId: details.streamId } : {}),
    ...(details.name != null ? { name: details.name } : {}),
    ...(details.location != null ? { location: details.location } : {}),
    ...(details.metadata != null ? { metadata: details.metadata } : {}),
    ...(details.parents != null ? { parents: details.parents } : {}),
    ...(recorded ? { timeOfRecording: recorded } : {}),
  };
}
