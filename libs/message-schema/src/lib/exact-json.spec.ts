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

describe('parseJsonExact without a reviver', () => {
  const LONG = fc.bigInt({ min: 10n ** 15n, max: 10n ** 25n }).map((n) => (n % 2n === 0n ? n : -n));

  it('keeps long integers exact next to strings that hold digits, quotes and escapes', () => {
    const text = '{"note":"12345678901234567890 \\" 98765432109876543210","ids":[12345678901234567890, -98765432109876543210],"t":1733000000000000001}';
    expect(parseJsonExact(text)).toEqual({ note: '12345678901234567890 " 98765432109876543210', ids: [12345678901234567890n, -98765432109876543210n], t: 1733000000000000001n });
  });

  it('reads whatever surrounds a long integer as JSON.parse with a reviver does', () => {
    fc.assert(
      fc.property(fc.json(), LONG, fc.string(), (json, n, key) => {
        const text = `[{${JSON.stringify(key)}:[${json},${n}]},${json}]`;
        const parsed = parseJsonExact(text) as [Record<string, unknown[]>, unknown];
        expect(parsed[0][key][1]).toBe(Number.isSafeInteger(Number(n)) ? Number(n) : n);
        expect(parsed).toEqual(JSON.parse(text, (_k, v, context?: { source?: string }) => (typeof v === 'number' && !Number.isSafeInteger(v) && /^-?\d+$/.test(context?.source ?? '') ? BigInt(context!.source!) : v)));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what is not JSON, also where a placeholder string would have made it JSON', () => {
    for (const text of ['{ 12345678901234567890: 1}', '{"a":1, 12345678901234567890:2}', '["x, 12345678901234567890]', '[012345678901234567890]', '[12345678901234567890', '[1 12345678901234567890]']) {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      expect(() => parseJsonExact(text)).toThrow(SyntaxError);
    }
  });

  it('keeps a "__proto__" key an own property and the prototype untouched', () => {
    const parsed = parseJsonExact('{"__proto__":{"id":12345678901234567890},"a":1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({ id: 12345678901234567890n });
  });

  it('falls back to the reviver when the text already holds the placeholder escape', () => {
    expect(parseJsonExact('{"s":"\\u0000","n":12345678901234567890}')).toEqual({ s: '\u0000', n: 12345678901234567890n });
  });
});
