import fc from 'fast-check';
import { flatten, getPath } from './flatten.js';

describe('flatten', () => {
  it.each([
    [{ a: 1, b: 'x' }, { a: 1, b: 'x' }],
    [{ a: { b: { c: 2 } }, d: true }, { 'a.b.c': 2, d: true }],
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

describe('getPath', () => {
  it('reads dotted paths and gives undefined for missing parts', () => {
    const body = { data: { items: [1] }, n: 3 };
    expect(getPath(body, '')).toBe(body);
    expect(getPath(body, 'data.items')).toEqual([1]);
    expect(getPath(body, 'n.x')).toBeUndefined();
    expect(getPath(body, 'missing.deep')).toBeUndefined();
  });
});
