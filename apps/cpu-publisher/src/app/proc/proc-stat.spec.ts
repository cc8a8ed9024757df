import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProcStat } from './proc-stat.js';

// The fixture was captured from the development machine (a 2-core VM) with `cp /proc/...`.
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseProcStat', () => {
  it('reads each core of a captured /proc/stat, folding nice, irq, softirq, iowait and steal in', () => {
    const cores = parseProcStat(fixture('stat.txt'));
    // cpu0 96663 107 23056 2078806 573 0 1176 971 0 0
    expect([...cores.keys()]).toEqual([0, 1]);
    expect(cores.get(0)).toEqual({ user: 96663 + 107, system: 23056 + 0 + 1176, idle: 2078806 + 573, total: 96663 + 107 + 23056 + 2078806 + 573 + 0 + 1176 + 971 });
  });

  it('keys cores by their number, so an offline core leaves a gap rather than renumbering the rest', () => {
    const cores = parseProcStat('cpu  5 0 5 90\ncpu0 1 0 1 8\ncpu3 4 0 4 82\nintr 1 2\n');
    expect([...cores.keys()]).toEqual([0, 3]);
    expect(cores.get(3)).toEqual({ user: 4, system: 4, idle: 82, total: 90 });
  });

  it.each([
    ['no cpu lines', 'intr 1 2 3\n'],
    ['too few columns', 'cpu0 1 2 3\n'],
    ['a column that is not a number', 'cpu0 1 2 x 4 5\n'],
  ])('says what is wrong with %s', (_, text) => {
    expect(() => parseProcStat(text)).toThrow(/\/proc\/stat: expected/);
  });
});
