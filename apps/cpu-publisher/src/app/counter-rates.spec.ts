import { counterRates } from './counter-rates.js';

describe('counterRates', () => {
  it('gives each counter its increase per second since the previous reading', () => {
    const rates = counterRates();
    expect(rates(new Map([['a', 100], ['b', 0]]), 1_000)).toEqual(new Map());
    expect(rates(new Map([['a', 400], ['b', 50]]), 3_000)).toEqual(new Map([['a', 150], ['b', 25]]));
    expect(rates(new Map([['a', 400], ['b', 60]]), 3_500)).toEqual(new Map([['a', 0], ['b', 20]]));
  });

  it('leaves out a counter that is new or went down, keeping the others', () => {
    const rates = counterRates();
    rates(new Map([['a', 100], ['b', 500]]), 0);
    expect(rates(new Map([['a', 200], ['b', 10], ['c', 7]]), 1_000)).toEqual(new Map([['a', 100]]));
    // the counter that went down counts again from its new value
    expect(rates(new Map([['a', 200], ['b', 30], ['c', 9]]), 2_000)).toEqual(new Map([['a', 0], ['b', 20], ['c', 2]]));
  });

  it('gives no rates when no time passed', () => {
    const rates = counterRates();
    rates(new Map([['a', 1]]), 5);
    expect(rates(new Map([['a', 2]]), 5)).toEqual(new Map());
  });
});
