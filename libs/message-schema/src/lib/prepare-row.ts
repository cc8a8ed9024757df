import { describeValue, MessageSchemaError } from './errors.js';
import {
  base64Text,
  type JsonMember,
  type JsonPiece,
  type NameCache,
  nanosPiece,
  NULL_TEXT,
  numberText,
  stringText,
  utf8Bytes,
} from './json-text.js';
import { tagPieces, visitTags } from './prepare-tags.js';
import type { TimeseriesRow } from './types.js';
import { distinctWellFormedName, isWellFormed } from './well-formed.js';

export type ValueKind = 'numeric' | 'strings' | 'binary';

/** Kinds in the order both formats write them. */
export const VALUE_KINDS: readonly ValueKind[] = ['numeric', 'strings', 'binary'];

/** Names a parameter cannot have: readers put the row's time and tags under them. */
export const RESERVED_NAMES: readonly string[] = ['Timestamp', 'Tags'];

export interface PreparedCell extends JsonMember {
  kind: ValueKind;
}

/** A validated row with every name and value already turned into JSON text. */
export interface PreparedRow {
  timestamp: bigint;
  time: JsonPiece;
  cells: PreparedCell[];
  tags: JsonMember[];
}

function invalid(index: number, row: TimeseriesRow, problem: string): MessageSchemaError {
  return new MessageSchemaError('INVALID_ROW', `Row ${index} (timestamp ${String(row.timestamp)}): ${problem}`);
}

/** A value that passed its kind's check: a finite number, a string, bytes, or null. */
export type RowValue = number | string | Uint8Array | null;

function isValueOfKind(kind: ValueKind, value: unknown): value is RowValue {
  if (value === null) return true;
  if (kind === 'numeric') return typeof value === 'number' && Number.isFinite(value);
  if (kind === 'strings') return typeof value === 'string';
  return value instanceof Uint8Array;
}

/** JSON text of a checked value; only a string's text can be non-ASCII. */
function valueText(value: RowValue): string {
  if (value === null) return NULL_TEXT;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return stringText(value);
  return base64Text(value);
}

const EXPECTED: Record<ValueKind, string> = {
  numeric: 'a finite number or null (NaN and Infinity have no JSON form)',
  strings: 'a string or null',
  binary: 'a Uint8Array or null',
};

function assertNotEarlierKind(row: TimeseriesRow, index: number, k: number, name: string): void {
  for (let other = 0; other < k; other++) {
    const earlier = row[VALUE_KINDS[other]];
    if (earlier !== undefined && Object.hasOwn(earlier, name)) {
      throw invalid(index, row, `name ${JSON.stringify(name)} is both a ${VALUE_KINDS[other]} and a ${VALUE_KINDS[k]} value; keep one.`);
    }
  }
}

/** Receives each checked value of a row: its kind, its name and the value. */
export type ValueVisitor = (kind: ValueKind, name: string, value: RowValue) => void;

/** Whether any value kind of the row has a value of this name, as given. */
function rowHasName(row: TimeseriesRow, name: string): boolean {
  return VALUE_KINDS.some((kind) => {
    const values = row[kind];
    return values !== undefined && Object.hasOwn(values, name);
  });
}

/**
 * Validates a row's timestamp and values and hands each value to `visit`, numeric, then strings,
 * then binary; throws INVALID_ROW saying what to fix. Tags are not visited. Names are handed
 * over well-formed (a lone surrogate becomes U+FFFD: well-formed.ts); values as they are, for
 * the writer to make well-formed where it checks its text.
 */
export function visitRowValues(row: TimeseriesRow, index: number, visit: ValueVisitor): void {
  if (typeof row.timestamp !== 'bigint' || row.timestamp < 0n) {
    throw invalid(index, row, 'timestamp must be a bigint of nanoseconds since the Unix epoch, not negative.');
  }
  let visited = 0;
  let replaced: Set<string> | undefined; // names that had a lone surrogate, as written
  for (let k = 0; k < VALUE_KINDS.length; k++) {
    const kind = VALUE_KINDS[k];
    const values = row[kind] as Record<string, unknown> | undefined;
    if (values === undefined) continue;
    if (typeof values !== 'object' || values === null) {
      throw invalid(index, row, `${kind} must be an object of name -> value, not ${describeValue(values)}.`);
    }
    // Only a row with values of several kinds can name one twice (a duplicate JSON key in json,
    // two columns that Python merges into one in quix).
    const checkEarlierKinds = visited > 0;
    const keys = Object.keys(values);
    for (let i = 0; i < keys.length; i++) {
      const given = keys[i];
      if (given === '' || RESERVED_NAMES.includes(given)) {
        throw invalid(index, row, `${kind} value name ${JSON.stringify(given)} is empty or reserved (${RESERVED_NAMES.join(', ')}); rename it.`);
      }
      if (checkEarlierKinds) assertNotEarlierKind(row, index, k, given);
      const value = values[given];
      if (!isValueOfKind(kind, value)) {
        throw invalid(index, row, `${kind} value ${JSON.stringify(given)} is ${describeValue(value)}; it must be ${EXPECTED[kind]}.`);
      }
      const name = isWellFormed(given)
        ? given
        : distinctWellFormedName(given, (replaced ??= new Set()), (n) => rowHasName(row, n), (p) => invalid(index, row, p));
      visit(kind, name, value);
      visited += 1;
    }
  }
}

/** Validates a row's tags and hands each one's name and value to `visit`. */
export function visitRowTags(row: TimeseriesRow, index: number, visit: (name: string, value: string) => void): void {
  visitTags(row.tags, (problem) => invalid(index, row, problem), visit);
}

/** Validates a row and encodes its parts with their UTF-8 sizes; throws INVALID_ROW saying what to fix. */
export function prepareRow(row: TimeseriesRow, index: number, names: NameCache): PreparedRow {
  const cells: PreparedCell[] = [];
  visitRowValues(row, index, (kind, name, value) => {
    const text = valueText(value);
    const valueBytes = kind === 'strings' ? utf8Bytes(text) : text.length;
    cells.push({ kind, name, key: names.get(name), value: text, valueBytes });
  });
  const tags = tagPieces(row.tags, names, (problem) => invalid(index, row, problem));
  return { timestamp: row.timestamp, time: nanosPiece(row.timestamp), cells, tags };
}

/**
 * The name a source should give a value whose own name readers reserve: `Timestamp` and `Tags`
 * get an underscore before them (`_Timestamp`, `_Tags`); every other name is kept.
 */
export function unreservedName(name: string): string {
  return RESERVED_NAMES.includes(name) ? `_${name}` : name;
}
