import { parseJsonExact } from './exact-json.ts';

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
});
