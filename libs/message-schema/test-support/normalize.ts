import type { TimeseriesRow } from '../src/index.js';
import { asWritten } from './arbitraries.js';

/**
 * What a row looks like after a round trip through either format: nulls and absent values are
 * the same thing on the wire, -0 is written as 0 (as JSON.stringify does), binary values come
 * back as plain Uint8Arrays, and names and strings as written (lone surrogates as U+FFFD).
 * Objects are built with Object.fromEntries so a name like "__proto__" stays an own key.
 */
export interface NormalRow {
  timestamp: bigint;
  numeric: Record<string, number>;
  strings: Record<string, string>;
  binary: Record<string, number[]>;
  tags: Record<string, string>;
}

function present<T>(values: Record<string, T | null> | undefined): [string, T][] {
  return Object.entries(values ?? {})
    .filter((entry): entry is [string, T] => entry[1] !== null)
    .map(([name, value]) => [asWritten(name), value]);
}

/** A tags or metadata object as written: names and values with lone surrogates as U+FFFD. */
export function writtenStrings(values: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([name, value]) => [asWritten(name), asWritten(value)]));
}

export function normalizeRow(row: TimeseriesRow): NormalRow {
  return {
    timestamp: row.timestamp,
    numeric: Object.fromEntries(present(row.numeric).map(([k, v]) => [k, v === 0 ? 0 : v])),
    strings: Object.fromEntries(present(row.strings).map(([k, v]) => [k, asWritten(v)])),
    binary: Object.fromEntries(present(row.binary).map(([k, v]) => [k, Array.from(v)])),
    tags: writtenStrings(row.tags),
  };
}
