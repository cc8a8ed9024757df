import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDiskstats } from './diskstats.js';

// The fixture was captured from the development machine (a 2-core VM) with `cp /proc/...`.
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseDiskstats', () => {
  it('reads every device of a captured /proc/diskstats, sectors as 512 bytes', () => {
    const disks = parseDiskstats(fixture('diskstats.txt'));
    expect(disks.map((d) => d.name)).toEqual(['loop0', 'loop1', 'loop2', 'loop3', 'loop4', 'loop5', 'loop6', 'loop7', 'vda', 'zram0']);
    // 254 0 vda 182436 24843 11210626 45198 289254 213571 9363840 ...
    expect(disks.find((d) => d.name === 'vda')).toEqual({ name: 'vda', readBytes: 11210626 * 512, writtenBytes: 9363840 * 512 });
  });

  it('takes sectors read and written from the 3rd and 7th counters', () => {
    expect(parseDiskstats('   8       0 sda 1 2 30 4 5 6 70 8 9 10 11\n')).toEqual([{ name: 'sda', readBytes: 30 * 512, writtenBytes: 70 * 512 }]);
  });

  it('says what is wrong with a short line', () => {
    expect(() => parseDiskstats('8 0 sda 1 2 3\n')).toThrow(/\/proc\/diskstats: expected/);
  });
});
