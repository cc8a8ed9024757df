import { describeStartError } from './start-error.js';

describe('describeStartError', () => {
  it('names PORT when the port is taken, and HOST when the address cannot be used', () => {
    expect(describeStartError(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }), 8081)).toEqual({
      message: 'port 8081 is already in use: set PORT to a free port (or stop what listens on 8081)',
      expected: true,
    });
    expect(describeStartError(Object.assign(new Error('listen EADDRNOTAVAIL'), { code: 'EADDRNOTAVAIL' }), 80)).toEqual({
      message: 'cannot listen on port 80 (EADDRNOTAVAIL): check PORT and HOST',
      expected: true,
    });
  });

  it('takes an error with a stable code as expected (no stack needed), anything else as a bug', () => {
    expect(describeStartError(Object.assign(new Error('Cannot connect to Kafka'), { code: 'CONNECT_FAILED' }), 0)).toEqual({ message: 'Cannot connect to Kafka', expected: true });
    expect(describeStartError(new TypeError('x is undefined'), 0)).toEqual({ message: 'x is undefined', expected: false });
    expect(describeStartError('a thrown string', 0)).toEqual({ message: 'a thrown string', expected: false });
  });
});
