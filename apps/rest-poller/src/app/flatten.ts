/** A JSON value flattened like pandas `json_normalize`: nested object keys joined with `.`. */
export type FlatValue = number | string | boolean;

/**
 * Flattens nested objects into `a.b.c` keys. Numbers and strings stay as they are, booleans stay
 * booleans (the row mapping turns them into 1/0), arrays become their JSON text (json_normalize
 * keeps them as one cell too), null and undefined are left out. Non-finite numbers cannot occur
 * in parsed JSON.
 */
export function flatten(value: unknown, prefix = '', into: Record<string, FlatValue> = {}): Record<string, FlatValue> {
  if (value === null || value === undefined) return into;
  if (Array.isArray(value)) {
    into[prefix || 'value'] = JSON.stringify(value);
  } else if (typeof value === 'object') {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      flatten(child, prefix ? `${prefix}.${key}` : key, into);
    }
  } else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
    into[prefix || 'value'] = value;
  }
  return into;
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
