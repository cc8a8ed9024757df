import fc from 'fast-check';
import { parseJsonExact } from '@quix-connectors/message-schema';
import { exactJson, forEachLeaf, getPath, type FlatValue } from './flatten.js';
import { MAX_JSON_DEPTH } from './json-depth.js';
import { ShapeError } from './poll-errors.js';

/** The leaves as one object, key by key. */
function flatten(value: unknown): Record<string, FlatValue> {
  const into: Record<string, FlatValue> = {};
  forEachLeaf(value, (key, leaf) => (into[key] = leaf));
  return into;
}

describe('flatten', () => {
  it.each([
    [{ a: 1, b: 'x' }, { a: 1, b: 'x' }],
    [{ a: { b: { c: 2 } }, d: true, e: false }, { 'a.b.c': 2, d: true, e: false }],
    [{ tags: ['x', 1], n: null }, { tags: '["x",1]' }],
    [{ empty: {} }, {}],
    [[1, 2], { value: '[1,2]' }],
    ['plain', { value: 'plain' }],
  ])('flattens %j to %j', (input, expected) => {
    expect(flatten(input)).toEqual(expected);
  });

  it('keeps every leaf of a nested object exactly once under its dotted path', () => {
    const leaf = fc.oneof(fc.integer(), fc.string(), fc.boolean());
    const key = fc.stringMatching(/^[a-z]{1,5}$/);
    fc.assert(
      fc.property(fc.dictionary(key, fc.oneof(leaf, fc.dictionary(key, leaf))), (input) => {
        const flat = flatten(input);
        for (const [path, value] of Object.entries(flat)) expect(getPath(input, path)).toEqual(value);
        const leaves = Object.values(input).reduce<number>(
          (n, v) => n + (typeof v === 'object' && v !== null ? Object.keys(v).length : 1),
          0,
        );
        expect(Object.keys(flat)).toHaveLength(leaves);
      }),
    );
  });
});

describe('exact values', () => {
  it('keeps integers beyond 2^53 exact, as leaves and inside arrays', () => {
    const parsed = parseJsonExact('{"id":1234567890123456789,"list":[1234567890123456790,1.5]}');
    expect(flatten(parsed)).toEqual({ id: 1234567890123456789n, list: '[1234567890123456790,1.5]' });
    expect(exactJson(parsed)).toBe('{"id":1234567890123456789,"list":[1234567890123456790,1.5]}');
  });

  it(`refuses objects nested deeper than ${MAX_JSON_DEPTH} levels with a ShapeError, not a stack overflow`, () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH + 1; i++) deep = { a: deep };
    expect(() => flatten(deep)).toThrow(ShapeError);
    let ok: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) ok = { a: ok };
    expect(Object.keys(flatten(ok))).toHaveLength(1);
  });
});

describe('getPath', () => {
  it('reads dotted paths and gives undefined for missing parts', () => {
    const body = { data: { items: [1] }, n: 3 };
    expect(getPath(body, '')).toBe(body);
    expect(getPath(body, 'data.items')).toEqual([1]);
    expect(getPath(body, 'n.x')).toBeUndefined();
    expect(getPath(body, 'missing.deep')).toBeUndefined();
  });
});
