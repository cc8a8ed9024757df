import fc from 'fast-check';
import { parseTimestamp } from './timestamp.js';

describe('parseTimestamp', () => {
  it.each([
    ['1700000000', 's', 1700000000000000000n],
    ['1700000000.5', 's', 1700000000500000000n],
    ['1700000000123', 'ms', 1700000000123000000n],
    ['1700000000123456', 'us', 1700000000123456000n],
    ['1700000000123456789', 'ns', 1700000000123456789n],
    ['2023-11-14T22:13:20Z', 'iso', 1700000000000000000n],
    ['2023-11-14T22:13:20.123456789Z', 'iso', 1700000000123456789n],
    ['2023-11-14 22:13:20.5', 'iso', 1700000000500000000n],
    ['2023-11-15T00:13:20+02:00', 'iso', 1700000000000000000n],
    ['2023-11-14', 'iso', 1699920000000000000n],
  ] as const)('%s as %s', (text, format, expected) => {
    expect(parseTimestamp(text, format)).toBe(expected);
  });

  it.each([
    ['abc', 'iso'],
    ['14/11/2023', 'iso'],
    ['-5', 's'],
    ['1e9', 'ms'],
    ['', 'ns'],
  ] as const)('rejects %j as %s with a reason', (text, format) => {
    expect(typeof parseTimestamp(text, format)).toBe('string');
  });

  it('reads any whole epoch in ns exactly, beyond double precision', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 19n }), (ns) => parseTimestamp(ns.toString(), 'ns') === ns));
  });

  it('agrees across units: n ms equal n*1e6 ns', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 13n }), (ms) => parseTimestamp(ms.toString(), 'ms') === parseTimestamp(`${ms}000000`, 'ns')));
  });
});
