import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseDiskstats } from './diskstats.js';
import { parseMeminfo } from './meminfo.js';
import { parseMounts } from './mounts.js';
import { parseNetDev } from './net-dev.js';
import { parseProcStat } from './proc-stat.js';

// The fixtures were captured from the development machine (a 2-core VM) with `cp /proc/... `.
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

describe('parseNetDev', () => {
  it('reads every interface of a captured /proc/net/dev', () => {
    const interfaces = parseNetDev(fixture('net-dev.txt'));
    expect(interfaces.map((i) => i.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    const lo = interfaces[0];
    expect(lo.receivedBytes).toBeGreaterThan(0);
    // loopback sends exactly what it receives
    expect([lo.sentBytes, lo.sentPackets]).toEqual([lo.receivedBytes, lo.receivedPackets]);
  });

  it('takes received and sent bytes and packets from their columns, also when a long name touches its colon', () => {
    const text = 'Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\nveth0a1b2c3:1000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0\n';
    expect(parseNetDev(text)).toEqual([{ name: 'veth0a1b2c3', receivedBytes: 1000, receivedPackets: 10, sentBytes: 2000, sentPackets: 20 }]);
  });

  it('round-trips any counters written in the kernel format', () => {
    const counter = fc.maxSafeInteger().filter((n) => n >= 0);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9._-]{0,14}$/), fc.array(counter, { minLength: 16, maxLength: 16 }), (name, values) => {
        const text = `Inter-|\n face |\n${name.padStart(6)}: ${values.join(' ')}\n`;
        expect(parseNetDev(text)).toEqual([{ name, receivedBytes: values[0], receivedPackets: values[1], sentBytes: values[8], sentPackets: values[9] }]);
      }),
    );
  });

  it('says what is wrong with a line that is not an interface', () => {
    expect(() => parseNetDev('Inter-|\n face |\neth0 1 2 3\n')).toThrow(/\/proc\/net\/dev: expected/);
    expect(() => parseNetDev('eth0: 1 2 3\n')).toThrow(/two header lines/);
  });
});

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
