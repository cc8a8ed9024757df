import { MAX_JSON_DEPTH } from './json-depth.js';
import { ShapeError } from './poll-errors.js';

/**
 * A JSON value flattened like pandas `json_normalize`: nested object keys joined with `.`.
 * Integers beyond 2^53 are bigints (parseJsonExact keeps them exact).
 */
export type FlatValue = number | string | boolean | bigint;

/**
 * Visits the leaves of a parsed JSON value, each under its `a.b.c` key. Numbers, bigints and
 * strings are given as they are, booleans as booleans (the row mapping turns them into 1/0),
 * arrays as their exact JSON text (json_normalize keeps them as one cell too), null and undefined
 * not at all. A primitive at the top is the leaf `value`. Objects nested deeper than
 * MAX_JSON_DEPTH throw a ShapeError rather than recursing on (responses are checked before
 * parsing; this keeps the walk bounded whatever it is given).
 */
export function forEachLeaf(value: unknown, visit: (key: string, value: FlatValue) => void, prefix = '', depth = 0): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    visit(prefix || 'value', exactJson(value));
  } else if (typeof value === 'object') {
    if (depth >= MAX_JSON_DEPTH) throw new ShapeError(`the record nests deeper than ${MAX_JSON_DEPTH} levels`);
    const object = value as Record<string, unknown>;
    for (const key in object) forEachLeaf(object[key], visit, prefix ? `${prefix}.${key}` : key, depth + 1);
  } else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') {
    visit(prefix || 'value', value);
  }
}

/** Reads a dotted path (`data.items`) from a parsed JSON value; '' is the value itself. */
export function getPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Object.hasOwn(current, part) ? (current as Record<string, unknown>)[part] : undefined;
  }
  return current;
}

const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/** JSON text of a parsed value with its bigints written as the exact integers they hold. */
export function exactJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? rawJson(v.toString()) : v)) ?? 'null';
}
