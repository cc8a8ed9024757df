import fc from 'fast-check';
import type { EventRecord, TimeseriesRow } from '../src/index.js';

/** Any UTF-16 code unit, lone surrogates included: the encoders write each as U+FFFD. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Unicode text of every sort: graphemes (emoji), any code point, raw code units, JSON's specials. */
export const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: codeUnit, maxLength: 8 }),
  fc.constantFrom('"', '\\', '\u0000\n\t\r\b\f', '😀👩‍👩‍👧', '\u2028\u2029', '\ud800', 'é', '</script>'),
);

/** Names: a small shared pool (so rows share columns and sometimes change kind) or any text. */
export const paramName = fc
  .oneof(fc.constantFrom('a', 'b', 'cpu', '__proto__', 'é😀'), anyText)
  .filter((name) => name !== '' && name !== 'Timestamp' && name !== 'Tags');

const tagName = fc.oneof(fc.constantFrom('host', 'id'), anyText).filter((name) => name !== '');

/** `text` as the encoders write it: each lone surrogate replaced by U+FFFD. */
export const asWritten = (text: string): string => (text as unknown as { toWellFormed(): string }).toWellFormed();

/**
 * An object of up to `maxKeys` names whose written forms differ too: the encoders refuse two names
 * of one object that become the same once their lone surrogates are replaced (well-formed.spec.ts).
 * Built with defineProperty, so a "__proto__" name stays an own key.
 */
export function distinctNames<T>(name: fc.Arbitrary<string>, value: fc.Arbitrary<T>, maxKeys: number): fc.Arbitrary<Record<string, T>> {
  return fc.uniqueArray(fc.tuple(name, value), { maxLength: maxKeys, selector: ([key]) => asWritten(key) }).map((entries) => {
    const out: Record<string, T> = {};
    for (const [key, v] of entries) Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
}

type Cell =
  | { kind: 'numeric'; value: number | null }
  | { kind: 'strings'; value: string | null }
  | { kind: 'binary'; value: Uint8Array | null };

const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.record({
    kind: fc.constant('numeric' as const),
    value: fc.option(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()), { nil: null }),
  }),
  fc.record({ kind: fc.constant('strings' as const), value: fc.option(anyText, { nil: null }) }),
  fc.record({ kind: fc.constant('binary' as const), value: fc.option(fc.uint8Array({ maxLength: 24 }), { nil: null }) }),
);

/** Nanoseconds from 0 to beyond 2^63: far past Number.MAX_SAFE_INTEGER. */
export const nanos = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n }),
  fc.bigInt({ min: 1_600_000_000_000_000_000n, max: 1_800_000_000_000_000_000n }),
);

export const row: fc.Arbitrary<TimeseriesRow> = fc
  .record({
    timestamp: nanos,
    cells: distinctNames(paramName, cell, 6),
    tags: fc.option(distinctNames(tagName, anyText, 3), { nil: undefined }),
  })
  .map(({ timestamp, cells, tags }) => {
    const out: TimeseriesRow = { timestamp };
    for (const [name, { kind, value }] of Object.entries(cells)) {
      const values = (out[kind] ??= {}) as Record<string, unknown>;
      Object.defineProperty(values, name, { value, enumerable: true, writable: true, configurable: true });
    }
    if (tags !== undefined) out.tags = tags;
    return out;
  });

export const event: fc.Arbitrary<EventRecord> = fc.record(
  { id: anyText, value: anyText, timestamp: nanos, tags: distinctNames(tagName, anyText, 3) },
  { requiredKeys: ['id', 'value', 'timestamp'] },
);
