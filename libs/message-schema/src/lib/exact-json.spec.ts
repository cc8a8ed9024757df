import fc from 'fast-check';
import { parseJsonExact } from './exact-json.js';

describe('parseJsonExact', () => {
  it('keeps integers beyond 2^53 exact as bigint', () => {
    expect(parseJsonExact('{"Timestamp":1700000000000000001}')).toEqual({
      Timestamp: 1700000000000000001n,
    });
    expect(parseJsonExact('[-9007199254740993]')).toEqual([-9007199254740993n]);
  });

  it('leaves safe integers, decimals and exponents as numbers', () => {
    expect(
      parseJsonExact('{"a":9007199254740991,"b":12.5,"c":1e300,"d":"17"}'),
    ).toEqual({
      a: 9007199254740991,
      b: 12.5,
      c: 1e300,
      d: '17',
    });
  });

  it('reads every integer exactly, however long, wherever it sits', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.string(), (n, key) => {
        const parsed = parseJsonExact(`{${JSON.stringify(key)}:[${n}]}`) as Record<string, unknown[]>;
        const value = parsed[key][0];
        expect(typeof value === 'bigint' ? value : BigInt(value as number)).toBe(n);
        expect(typeof value).toBe(Number.isSafeInteger(Number(n)) && BigInt(Number(n)) === n ? 'number' : 'bigint');
      }),
    );
  });

  it('differs from JSON.parse only where JSON.parse rounds an integer', () => {
    const rounded = (value: unknown): unknown =>
      typeof value === 'bigint'
        ? Number(value)
        : Array.isArray(value)
          ? value.map(rounded)
          : value !== null && typeof value === 'object'
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]))
            : value;
    fc.assert(fc.property(fc.json(), (text) => expect(rounded(parseJsonExact(text))).toEqual(JSON.parse(text))), { numRuns: 300 });
  });

  it('throws as JSON.parse does on text that is not JSON', () => {
    expect(() => parseJsonExact('{"id": 12345678901234567890')).toThrow(SyntaxError);
  });
});
