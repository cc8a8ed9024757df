import { Writable } from 'node:stream';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({ write: (chunk, _enc, done) => (lines.push(chunk.toString()), done()) });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines at the configured level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: 'cpu', level: 'warn', pretty: false, destination });
    logger.info('dropped');
    logger.warn({ n: 1 }, 'kept');
    expect(lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ name: 'cpu', level: 40, n: 1, msg: 'kept' })]);
  });

  it('never writes a secret, wherever it sits in a logged object', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: 'x', level: 'info', pretty: false, destination });
    logger.info({ sasl: { password: 'p4ss', username: 'u' }, config: { sdkToken: 'sdk-abc' }, token: 'tok-1', headers: { authorization: 'Bearer b' } }, 'hi');
    expect(lines.join('')).not.toMatch(/p4ss|sdk-abc|tok-1|Bearer b/);
    expect(JSON.parse(lines[0]).sasl).toEqual({ password: '[redacted]', username: 'u' });
  });

  it('serialises errors under err with their message and stack', () => {
    const { lines, destination } = capture();
    createLogger({ name: 'x', level: 'info', pretty: false, destination }).error({ err: new Error('boom') }, 'failed');
    expect(JSON.parse(lines[0]).err).toMatchObject({ type: 'Error', message: 'boom', stack: expect.stringContaining('boom') });
  });
});
