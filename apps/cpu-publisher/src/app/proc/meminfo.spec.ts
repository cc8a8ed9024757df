import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMeminfo } from './meminfo.js';

// The fixture was captured from the development machine (a 2-core VM) with `cp /proc/...`.
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseMeminfo', () => {
  it('reads total and available memory of a captured /proc/meminfo, in bytes', () => {
    const text = fixture('meminfo.txt');
    const kB = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text)?.[1]) * 1024;
    const memory = parseMeminfo(text);
    expect(memory).toEqual({ totalBytes: kB('MemTotal'), availableBytes: kB('MemAvailable'), usedBytes: kB('MemTotal') - kB('MemAvailable') });
    expect(memory.totalBytes).toBeGreaterThan(memory.availableBytes);
  });

  it('estimates available memory from free, buffers and cache on kernels before 3.14', () => {
    expect(parseMeminfo('MemTotal: 100 kB\nMemFree: 10 kB\nBuffers: 5 kB\nCached: 20 kB\nHugePages_Total: 0\n')).toEqual({
      totalBytes: 102_400,
      availableBytes: 35 * 1024,
      usedBytes: 65 * 1024,
    });
  });

  it.each([
    ['no MemTotal', 'MemFree: 10 kB\n'],
    ['a line without a number', 'MemTotal: lots\n'],
  ])('says what is wrong with %s', (_, text) => {
    expect(() => parseMeminfo(text)).toThrow(/\/proc\/meminfo: expected/);
  });
});
