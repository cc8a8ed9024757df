import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { createLogger } from './logger.js';
import { logProcessWarnings } from './process-warnings.js';

describe('logProcessWarnings', () => {
  it('logs every warning at warn as a JSON line, in place of the listener it replaces, TimeoutNegativeWarning included', () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _enc, done) => (lines.push(chunk.toString()), done()) });
    const processLike = new EventEmitter();
    processLike.on('warning', () => lines.push('{"from":"the listener it replaces"}'));
    logProcessWarnings(createLogger({ name: 'w', level: 'info', pretty: false, destination }), processLike);
    const warning = (name: string, message: string) => Object.assign(new Error(message), { name });
    processLike.emit('warning', warning('TimeoutNegativeWarning', '-1 is a negative number.'));
    processLike.emit('warning', warning('OddWarning', 'something odd'));
    const logged = lines.map((l) => JSON.parse(l) as { level: number; warning: { name: string } });
    expect(logged).toEqual([
      expect.objectContaining({ level: 40, warning: { name: 'TimeoutNegativeWarning', message: '-1 is a negative number.' }, msg: 'process warning: -1 is a negative number.' }),
      expect.objectContaining({ level: 40, warning: { name: 'OddWarning', message: 'something odd' }, msg: 'process warning: something odd' }),
    ]);
  });
});
