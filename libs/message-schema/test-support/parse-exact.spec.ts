import fc from 'fast-check';
import { parseExact } from './parse-exact.js';

/** The test decoder must itself be right, or the encoder tests prove nothing. */
describe('parseExact (test support)', () => {
  it('keeps integers exact as bigints and other numbers as numbers', () => {
    expect(parseExact('{"T":[1700000000123456789,-0,12.5,1e+21,5e-324]}')).toEqual({
      T: [1700000000123456789n, 0n, 12.5, 1e21, 5e-324],
    });
  });

  it.each(['{"a":1,"a":2}', '{"a":1,}', '[1 2]', '{"a":1} x', '"\\x"', '01', 'nul'])('rejects %s', (text) => {
    expect(() => parseExact(text)).toThrow(SyntaxError);
  });

  it('reads escaped keys that Node 24 JSON.parse gets wrong after a similar earlier key', () => {
    expect(Object.keys(parseExact('{"x":0,"\\\\":1}') as object)).toEqual(['x', '\\']);
    expect(Object.keys(parseExact('{"x":0,"\\"":1}') as object)).toEqual(['x', '"']);
  });

  it('agrees with JSON.stringify for arbitrary JSON values', () => {
    const noBigints = (_key: string, v: unknown) => (typeof v === 'bigint' ? Number(v) : v);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(JSON.stringify(parseExact(text), noBigints)).toBe(text);
      }),
    );
  });
});
