import { nanosFromMillis, rowValues, unreservedName, type TimeseriesRow } from '@quix-connectors/message-schema';
import type { Endpoint } from './endpoint-config.js';
import { forEachLeaf, getPath } from './flatten.js';
import { ShapeError } from './poll-errors.js';

/**
 * The records in a parsed body: the array at `recordsPath`; without a path, an array body is the
 * records and any other body is one record.
 */
export function extractRecords(body: unknown, recordsPath: string | undefined): unknown[] {
  if (recordsPath === undefined) return Array.isArray(body) ? body : [body];
  const found = getPath(body, recordsPath);
  if (!Array.isArray(found)) {
    throw new ShapeError(`expected an array at "${recordsPath}", found ${found === undefined ? 'nothing' : Array.isArray(found) ? 'an array' : typeof found}`);
  }
  return found;
}

/** A record that cannot become a row, and why (reported under BAD_RECORD_POLICY). */
export interface RecordProblem {
  code: 'DUPLICATE_FIELD' | 'NUMBER_OUT_OF_RANGE' | 'TOO_DEEP';
  reason: string;
}

export type RecordRow =
  | { row: TimeseriesRow; id: string | undefined; problem?: undefined }
  | { row?: undefined; id: string | undefined; problem: RecordProblem };

/** Latest time a row can have: JavaScript's Date range, year 275760. */
const MAX_TIME_MS = 8.64e15;

/**
 * One record to one time series row: flattened (nested keys joined with `.`), numbers numeric,
 * integers beyond 2^53 as their exact decimal text (strings), strings string, booleans numeric
 * 1/0, arrays as their exact JSON text, nulls left out. Tag fields become tags (and not values).
 * A value named `Timestamp` or `Tags` (names readers reserve for the row's time and tags) is
 * written as `_Timestamp` / `_Tags`. The timestamp comes from `timestampField` (ms since the
 * epoch or an ISO 8601 string) when it is readable, else it is the poll time.
 *
 * A record two of whose fields end up with one name (`{"a.b":1,"a":{"b":2}}`, or `Timestamp`
 * beside `_Timestamp`), or that holds a number beyond a double's range (1e400), is a problem:
 * writing it would silently lose a value.
 */
export function recordToRow(record: unknown, endpoint: Pick<Endpoint, 'tagFields' | 'timestampField' | 'idField'>, pollTimeMs: number): RecordRow {
  const id = idOf(record, endpoint.idField);
  let numeric: Record<string, number> | undefined;
  let strings: Record<string, string> | undefined;
  let tags: Record<string, string> | undefined;
  let problem: RecordProblem | undefined;
  const taken = (name: string) => (numeric !== undefined && name in numeric) || (strings !== undefined && name in strings);
  try {
    forEachLeaf(record, (key, value) => {
      if (problem) return;
      if (endpoint.tagFields.includes(key)) {
        (tags ??= rowValues())[key] = String(value);
        return;
      }
      const name = unreservedName(key);
      if (taken(name)) {
        problem = { code: 'DUPLICATE_FIELD', reason: `two fields are both named "${name}" once flattened${name === key ? '' : ` ("${key}" is written as "${name}")`}` };
      } else if (typeof value === 'number') {
        if (Number.isFinite(value)) (numeric ??= rowValues())[name] = value;
        else problem = { code: 'NUMBER_OUT_OF_RANGE', reason: `field "${key}" is a number beyond the range of a double` };
      } else if (typeof value === 'boolean') {
        (numeric ??= rowValues())[name] = value ? 1 : 0;
      } else {
        (strings ??= rowValues())[name] = typeof value === 'bigint' ? value.toString() : value;
      }
    });
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    problem = { code: 'TOO_DEEP', reason: error.message };
  }
  if (problem) return { id, problem };
  const row: TimeseriesRow = { timestamp: nanosFromMillis(timestampOf(record, endpoint.timestampField) ?? pollTimeMs) };
  if (numeric) row.numeric = numeric;
  if (strings) row.strings = strings;
  if (tags) row.tags = tags;
  return { row, id };
}

function timestampOf(record: unknown, field: string | undefined): number | undefined {
  if (field === undefined) return undefined;
  const value = getPath(record, field);
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_TIME_MS ? ms : undefined;
}

/**
 * The record's id as text: a string as it is, a number or bigint as its exact decimal text (so
 * 1234567890123456789 and 1234567890123456790 stay two ids, and the number 7 and the string "7"
 * are one).
 */
function idOf(record: unknown, field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  const value = getPath(record, field);
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value))) return String(value);
  return undefined;
}
