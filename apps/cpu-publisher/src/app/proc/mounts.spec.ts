import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMounts } from './mounts.js';

// The fixture was captured from the development machine (a 2-core VM) with `cp /proc/...`.
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseMounts', () => {
  it('reads every mount of a captured /proc/self/mounts', () => {
    const mounts = parseMounts(fixture('mounts.txt'));
    expect(mounts).toContainEqual({ device: '/dev/vda', mountPoint: '/', type: 'ext4' });
    expect(mounts).toContainEqual({ device: 'proc', mountPoint: '/proc', type: 'proc' });
  });

  it('decodes the octal escapes of spaces, tabs and backslashes', () => {
    expect(parseMounts('/dev/sdb1 /media/My\\040Disk\\011\\134x vfat rw 0 0\n')).toEqual([{ device: '/dev/sdb1', mountPoint: '/media/My Disk\t\\x', type: 'vfat' }]);
  });

  it('says what is wrong with a line that is not a mount', () => {
    expect(() => parseMounts('nonsense\n')).toThrow(/\/proc\/self\/mounts: expected/);
  });
});
