/**
 * Instances get a prototype with no members, `__proto__` accessor included. Unlike
 * `Object.create(null)`, which V8 keeps in slow dictionary mode, these stay as fast as `{}`
 * (about 2.5x faster to fill and read in a micro-benchmark on Node 24).
 */
const EmptyPrototype = function EmptyPrototype() {
  // Nothing to set: instances hold only the names callers give them.
} as unknown as new () => Record<string, never>;
EmptyPrototype.prototype = Object.create(null);

/**
 * An empty name -> value object for a row's numeric, strings, binary or tags that keeps every
 * name. On a plain `{}`, assigning a name such as `__proto__` (a JSON key or a CSV column can
 * have it) would set the prototype instead, and the value would silently vanish.
 */
export function rowValues<T>(): Record<string, T> {
  return new EmptyPrototype() as Record<string, T>;
}
