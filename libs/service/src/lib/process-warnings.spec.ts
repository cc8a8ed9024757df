import { Writable } from 'node:stream';
import { createLogger } from './logger.js';
import { logProcessWarnings } from './process-warnings.js';

describe('logProcessWarnings', () => {
  const listeners = process.listeners('warning');
  afterAll(() => {
    process.removeAllListeners('warning');
    for (const listener of listeners) process.on('warning', listener);
  });

  it('logs warnings as JSON lines, and the known kafkajs TimeoutNegativeWarning only at debug', () => {
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk, _enc, done) => (lines.push(chunk.toString()), done()) });
    logProcessWarnings(createLogger({ name: 'w', level: 'info', pretty: false, destination }));
    const warning = (name: string, message: string) => Object.assign(new Error(message), { name });
    process.emit('warning', warning('TimeoutNegativeWarning', '-1 is a negative number.'));
    process.emit('warning', warning('OddWarning', 'something odd'));
    const logged = lines.map((l) => JSON.parse(l) as { level: number; warning: { name: string } });
    expect(logged).toEqual([expect.objectContaining({ level: 40, warning: { name: 'OddWarning', message: 'something odd' } })]);
  });
});
