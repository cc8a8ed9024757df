import { nanosFromMillis, rowValues, type TimeseriesRow } from '@quix-connectors/message-schema';
import type { Endpoint } from './endpoint-config.js';
import { forEachLeaf, getPath } from './flatten.js';

export class ShapeError extends Error {
  readonly code = 'RESPONSE_SHAPE';
  readonly retriable = false;
}

/**
 * The records in a parsed body: the array at `recordsPath`; without a path, an array body is the
 * records and any other body is one record.
 */
export function extractRecords(body: unknown, recordsPath: string | undefined): unknown[] {
  if (recordsPath === undefined) return Array.isArray(body) ? body : [body];
  const found = getPath(body, recordsPath);
  if (!Array.isArray(found)) {
    throw new ShapeError(`expected an array at "${recordsPath}", found ${found === undefined ? 'nothing' : typeof found}`);
  }
  return found;
}

export interface RecordRow {
  row: TimeseriesRow;
  /** The record's id when the endpoint has an id field and the record has one. */
  id: string | undefined;
}

/**
 * One record to one time series row: flattened (nested keys joined with `.`), numbers numeric,
 * strings string, booleans numeric 1/0, arrays as their JSON text, nulls left out. Tag fields
 * become tags (and not values). The timestamp comes from `timestampField` (ms since the epoch or
 * an ISO 8601 string) when it is readable, else it is the poll time.
 */
export function recordToRow(record: unknown, endpoint: Pick<Endpoint, 'tagFields' | 'timestampField' | 'idField'>, pollTimeMs: number): RecordRow {
  let numeric: Record<string, number> | undefined;
  let strings: Record<string, string> | undefined;
  let tags: Record<string, string> | undefined;
  forEachLeaf(record, (key, value) => {
    if (endpoint.tagFields.includes(key)) (tags ??= rowValues())[key] = String(value);
    else if (typeof value === 'number') (numeric ??= rowValues())[key] = value;
    else if (typeof value === 'boolean') (numeric ??= rowValues())[key] = value ? 1 : 0;
    else (strings ??= rowValues())[key] = value;
  });
  const row: TimeseriesRow = { timestamp: nanosFromMillis(timestampOf(record, endpoint.timestampField) ?? pollTimeMs) };
  if (numeric) row.numeric = numeric;
  if (strings) row.strings = strings;
  if (tags) row.tags = tags;
  return { row, id: idOf(record, endpoint.idField) };
}

function timestampOf(record: unknown, field: string | undefined): number | undefined {
  if (field === undefined) return undefined;
  const value = getPath(record, field);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

function idOf(record: unknown, field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  const value = getPath(record, field);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
