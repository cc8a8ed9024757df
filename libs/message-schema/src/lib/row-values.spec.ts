import { createEncoder } from './create-encoder.js';
import { rowValues } from './row-values.js';

describe('rowValues', () => {
  it('keeps __proto__ as a name (a plain {} takes it for its prototype), beside other Object.prototype names', () => {
    const values = rowValues<number>();
    values['__proto__'] = 1;
    values['constructor'] = 2;
    values['toString'] = 3;
    expect(Object.entries(values)).toEqual([['__proto__', 1], ['constructor', 2], ['toString', 3]]);
  });

  it('is encoded like any row values, __proto__ included', () => {
    const numeric = rowValues<number>();
    numeric['__proto__'] = 1.5;
    const [message] = createEncoder('json').encodeRows([{ timestamp: 5n, numeric }], 1_000_000);
    expect(message.value.toString('utf8')).toBe('{"Timestamp":5,"__proto__":1.5}');
  });
});
