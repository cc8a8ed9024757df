import fc from 'fast-check';
import { nestsDeeperThan } from './json-depth.js';

/** The nesting depth of a parsed JSON value, counted the slow, obvious way. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value as object);
  return 1 + children.reduce((max: number, child) => Math.max(max, depthOf(child)), 0);
}

describe('nestsDeeperThan', () => {
  it.each([
    ['1', 0, false],
    ['[]', 0, true],
    ['[]', 1, false],
    ['{"a":[{"b":1}]}', 2, true],
    ['{"a":[{"b":1}]}', 3, false],
    ['["[[[[", "{{{{"]', 1, false],
    ['["\\"[[[["]', 1, false],
    ['"\\\\"', 0, false],
  ])('%s deeper than %d: %p', (text, limit, expected) => {
    expect(nestsDeeperThan(text, limit)).toBe(expected);
  });

  it('finds 100,000 levels without parsing them', () => {
    expect(nestsDeeperThan('['.repeat(100_000) + ']'.repeat(100_000), 64)).toBe(true);
  });

  it('agrees with the depth of the parsed value for any JSON', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'medium' }), fc.nat(8), (text, limit) => {
        expect(nestsDeeperThan(text, limit)).toBe(depthOf(JSON.parse(text)) > limit);
      }),
    );
  });
});
