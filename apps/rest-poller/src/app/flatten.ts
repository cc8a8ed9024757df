import { rowValues } from '@quix-connectors/message-schema';

/** A JSON value flattened like pandas `json_normalize`: nested object keys joined with `.`. */
export type FlatValue = number | string | boolean;

/**
 * Flattens nested objects into `a.b.c` keys. Numbers and strings stay as they are, booleans stay
 * booleans (the row mapping turns them into 1/0), arrays become their JSON text (json_normalize
 * keeps them as one cell too), null and undefined are left out. Non-finite numbers cannot occur
 * in parsed JSON.
 */
export function flatten(value: unknown): Record<string, FlatValue> {
  const into = rowValues<FlatValue>();
  forEachLeaf(value, (key, leaf) => (into[key] = leaf));
  return into;
}

/** Visits what `flatten` would return, key by key, without building it. */
export function forEachLeaf(value: unknown, visit: (key: string, value: FlatValue) => void, prefix = ''): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    visit(prefix || 'value', JSON.stringify(value));
  } else if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const key in object) forEachLeaf(object[key], visit, prefix ? `${prefix}.${key}` : key);
  } else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
    visit(prefix || 'value', value);
  }
}

/** Reads a dotted path (`data.items`) from a parsed JSON value; '' is the value itself. */
export function getPath(value: unknown, path: string): unknown {
  if (path === '') return value;
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
