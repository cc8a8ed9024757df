import type * as ChildProcess from 'node:child_process';
import { readFileSync, statfsSync, type StatsFs } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { systemClock } from '@quix-connectors/timing';
import { FakeClock } from '@quix-connectors/timing/testing';
import type { TimeseriesRow } from '@quix-connectors/message-schema';
import pino from 'pino';
import { METRIC_GROUPS } from './groups/metric-group.js';
import { systemSampler, type SystemSamplerOptions } from './sample-system.js';

/** A logger whose lines the test can read. */
function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) }) };
}

const defaults = {
  host: 'test-host',
  groups: METRIC_GROUPS,
  filesystemIgnoreTypes: ['tmpfs', 'devtmpfs', 'devfs', 'iso9660', 'overlay', 'aufs', 'squashfs'],
  networkIgnoreInterfaces: ['lo'],
  diskIgnoreDevices: ['loop*', 'ram*'],
};

const realSampler = (options: Partial<SystemSamplerOptions> = {}) => systemSampler({ ...defaults, clock: systemClock, logger: pino({ level: 'silent' }), ...options });

const interfaceNames = () => readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2).map((line) => line.split(':')[0].trim()).filter((name) => name !== '');

/** A sample's numeric values; the sampler never writes null. */
function valuesOf(row: TimeseriesRow): Record<string, number> {
  const numeric = row.numeric ?? {};
  for (const [name, value] of Object.entries(numeric)) if (typeof value !== 'number') throw new Error(`${name} is ${String(value)}`);
  return numeric as Record<string, number>;
}

const names = (numeric: Record<string, number>, pattern: RegExp) => Object.keys(numeric).filter((name) => pattern.test(name));

describe('systemSampler on this machine (Linux)', () => {
  it('samples CPU, memory and load with sane values, tagged with the host', async () => {
    const sample = await realSampler();
    const before = BigInt(Date.now()) * 1_000_000n;
    const row = await sample();
    const after = BigInt(Date.now() + 1) * 1_000_000n;
    expect(row.timestamp >= before && row.timestamp <= after).toBe(true);
    expect(row.tags).toEqual({ host: 'test-host' });
    const numeric = valuesOf(row);
    const percents = ['cpu_load_total', 'cpu_load_user', 'cpu_load_system', ...cpus().map((_, core) => `cpu_load_core_${core}`)];
    for (const name of percents) {
      expect(numeric[name]).toBeGreaterThanOrEqual(0);
      expect(numeric[name]).toBeLessThanOrEqual(100);
    }
    expect(numeric['cpu_load_user'] + numeric['cpu_load_system']).toBeLessThanOrEqual(numeric['cpu_load_total'] + 0.02);
    // /proc/meminfo's MemTotal is what os.totalmem() reports (sysinfo), to the kB
    expect(Math.abs(numeric['memory_total_bytes'] - totalmem())).toBeLessThan(1024 * 1024);
    expect(numeric['memory_available_bytes']).toBeGreaterThan(0);
    expect(numeric['memory_used_bytes'] + numeric['memory_available_bytes']).toBe(numeric['memory_total_bytes']);
    for (const name of ['load_average_1m', 'load_average_5m', 'load_average_15m']) expect(numeric[name]).toBeGreaterThanOrEqual(0);
  });

  it("reports the root filesystem as statfs does, every interface but lo and every disk but loop devices, as non-negative rates", async () => {
    // Containers of other programs come and go: an interface must be there at both reads to have a rate.
    const interfacesBefore = interfaceNames();
    const sample = await realSampler();
    const numeric = valuesOf(await sample());
    const interfacesAfter = interfaceNames();
    const root = statfsSync('/');
    expect(numeric['filesystem_root_total_bytes']).toBe(root.blocks * root.bsize);
    expect(numeric['filesystem_root_used_bytes']).toBeGreaterThan(0);
    expect(numeric['filesystem_root_used_bytes']).toBeLessThan(numeric['filesystem_root_total_bytes']);
    expect(numeric['filesystem_root_free_bytes']).toBeLessThanOrEqual(numeric['filesystem_root_total_bytes'] - numeric['filesystem_root_used_bytes']);
    expect(names(numeric, /^filesystem_(proc|sys|dev_shm|dev)_/)).toEqual([]);

    const network = names(numeric, /^network_/);
    const reported = new Set(network.map((name) => /^network_(.+)_(received|sent)_(bytes|packets)_per_second$/.exec(name)?.[1]));
    expect(network).toHaveLength(reported.size * 4);
    expect(reported.has('lo')).toBe(false);
    const segment = (i: string) => i.replace(/[^A-Za-z0-9_]/g, '_');
    for (const i of interfacesBefore.filter((i) => interfacesAfter.includes(i) && i !== 'lo')) expect(reported).toContain(segment(i));
    for (const i of reported) expect([...interfacesBefore, ...interfacesAfter].map(segment)).toContain(i);
    expect(reported.size).toBeGreaterThan(0);
    const disks = readFileSync('/proc/diskstats', 'utf8').trim().split('\n').map((line) => line.trim().split(/\s+/)[2]).filter((name) => !/^(loop|ram)/.test(name));
    expect(names(numeric, /^disk_/).sort()).toEqual(disks.flatMap((d) => [`disk_${d}_read_bytes_per_second`, `disk_${d}_written_bytes_per_second`]).sort());
    for (const name of [...network, ...names(numeric, /^disk_/)]) expect(numeric[name]).toBeGreaterThanOrEqual(0);
  });

  it('samples only the groups asked for', async () => {
    const sample = await realSampler({ groups: ['memory', 'network'] });
    const numeric = valuesOf(await sample());
    expect(names(numeric, /^(cpu|load|filesystem|disk)_/)).toEqual([]);
    expect(names(numeric, /^memory_/)).toHaveLength(3);
  });

  it('spawns no process to take a sample, where systeminformation.currentLoad() does', async () => {
    // Spied before the modules load, so even code that keeps its own reference to exec is seen.
    const childProcess = jest.requireActual<typeof ChildProcess>('node:child_process');
    const spies = (['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const).map((name) => jest.spyOn(childProcess, name));
    const spawned = () => spies.reduce((calls, spy) => calls + spy.mock.calls.length, 0);
    try {
      await jest.isolateModulesAsync(async () => {
        const { systemSampler: isolated } = await import('./sample-system.js');
        const sample = await isolated({ ...defaults, clock: new FakeClock(), logger: pino({ level: 'silent' }) });
        for (let i = 0; i < 3; i += 1) expect(Object.keys(valuesOf(await sample())).length).toBeGreaterThan(10);
        expect(spawned()).toBe(0);
        // the control: the spies do see the shell that systeminformation's currentLoad() starts
        const { default: si } = await import('systeminformation');
        await si.currentLoad();
        expect(spawned()).toBeGreaterThan(0);
      });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

/** /proc text that the test changes between samples, and statfs answers by mount point. */
function fakeMachine() {
  const files: Record<string, string> = {
    '/proc/stat': 'cpu  0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\n',
    '/proc/meminfo': 'MemTotal: 1000 kB\nMemAvailable: 400 kB\n',
    '/proc/net/dev': netDev({ lo: [0, 0, 0, 0], eth0: [0, 0, 0, 0], 'br-1a': [0, 0, 0, 0] }),
    '/proc/diskstats': '   7 0 loop0 0 0 0 0 0 0 0 0 0 0 0\n   8 0 sda 0 0 0 0 0 0 0 0 0 0 0\n',
    '/proc/self/mounts': [
      'proc /proc proc rw 0 0',
      '/dev/sda1 / ext4 rw 0 0',
      'tmpfs /run tmpfs rw 0 0',
      '/dev/sda1 /etc/hosts ext4 rw 0 0',
      '/dev/sdb1 /data xfs rw 0 0',
      '/dev/sdc1 /data ext4 rw 0 0',
      '/dev/sdd1 /media/My\\040Disk vfat rw 0 0',
      '/dev/sde1 /gone ext4 rw 0 0',
    ].join('\n'),
  };
  const sizes: Record<string, Partial<StatsFs> | Error> = {
    '/proc': { bsize: 4096, blocks: 0, bfree: 0, bavail: 0 },
    '/': { bsize: 4096, blocks: 1000, bfree: 300, bavail: 250 },
    '/data': { bsize: 1024, blocks: 10, bfree: 10, bavail: 10 },
    '/media/My Disk': { bsize: 512, blocks: 4, bfree: 1, bavail: 1 },
    '/gone': Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }),
  };
  const statfs = async (path: string) => {
    const size = sizes[path];
    if (size === undefined) throw new Error(`statfs of an unexpected path ${path}`);
    if (size instanceof Error) throw size;
    return size as StatsFs;
  };
  const readText = async (path: string) => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    return text;
  };
  return { files, statfs, readText };
}

function netDev(interfaces: Record<string, [number, number, number, number]>): string {
  const lines = Object.entries(interfaces).map(([name, [rb, rp, sb, sp]]) => `${name.padStart(6)}: ${rb} ${rp} 0 0 0 0 0 0 ${sb} ${sp} 0 0 0 0 0 0`);
  return ['Inter-|   Receive |  Transmit', ' face |bytes packets|bytes packets', ...lines].join('\n');
}

describe('systemSampler on fixture /proc text', () => {
  it('publishes rates over the time since the previous sample, the first over the time since it was made', async () => {
    const machine = fakeMachine();
    const clock = new FakeClock();
    const sample = await systemSampler({ ...defaults, groups: ['cpu', 'network', 'diskio'], clock, logger: pino({ level: 'silent' }), files: machine });
    clock.elapse(2_000);
    machine.files['/proc/stat'] = 'cpu0 30 10 10 140 10 0 0 0 0 0\n';
    machine.files['/proc/net/dev'] = netDev({ lo: [9999, 99, 9999, 99], eth0: [4000, 20, 1000, 6], 'br-1a': [10, 1, 0, 0] });
    machine.files['/proc/diskstats'] = '   7 0 loop0 0 0 800 0 0 0 0 0 0 0 0\n   8 0 sda 1 0 8 0 1 0 16 0 0 0 0\n';
    expect((await sample()).numeric).toEqual({
      // 40 user+nice and 10 system of 200 ticks; iowait counts as idle
      cpu_load_total: 25,
      cpu_load_user: 20,
      cpu_load_system: 5,
      cpu_load_core_0: 25,
      network_eth0_received_bytes_per_second: 2000,
      network_eth0_sent_bytes_per_second: 500,
      network_eth0_received_packets_per_second: 10,
      network_eth0_sent_packets_per_second: 3,
      network_br_1a_received_bytes_per_second: 5,
      network_br_1a_sent_bytes_per_second: 0,
      network_br_1a_received_packets_per_second: 0.5,
      network_br_1a_sent_packets_per_second: 0,
      disk_sda_read_bytes_per_second: 8 * 512 / 2,
      disk_sda_written_bytes_per_second: 16 * 512 / 2,
    });
  });

  it('leaves out interfaces matching an ignored glob also when they appear after the start, and keeps the others', async () => {
    const machine = fakeMachine();
    const clock = new FakeClock();
    const sample = await systemSampler({ ...defaults, networkIgnoreInterfaces: ['lo', 'veth*'], groups: ['network'], clock, logger: pino({ level: 'silent' }), files: machine });
    const seen = new Set<string>();
    for (const added of ['veth1a', 'veth2b', 'eth1']) {
      machine.files['/proc/net/dev'] = netDev({ lo: [0, 0, 0, 0], eth0: [0, 0, 0, 0], 'br-1a': [0, 0, 0, 0], [added]: [0, 0, 0, 0] });
      // a new interface has a rate from its second reading on
      for (let i = 0; i < 2; i += 1) {
        clock.elapse(1_000);
        for (const name of names(valuesOf(await sample()), /_received_bytes_per_second$/)) seen.add(name.replace(/^network_|_received_bytes_per_second$/g, ''));
      }
    }
    expect([...seen]).toEqual(['eth0', 'br_1a', 'eth1']);
  });

  it('reports each real filesystem once, bind mounts under the shortest mount point, and says which it could not read', async () => {
    const machine = fakeMachine();
    const { lines, logger } = recordingLogger();
    const sample = await systemSampler({ ...defaults, groups: ['memory', 'filesystem'], clock: new FakeClock(), logger, files: machine });
    expect((await sample()).numeric).toEqual({
      memory_total_bytes: 1_024_000,
      memory_used_bytes: 600 * 1024,
      memory_available_bytes: 400 * 1024,
      filesystem_root_total_bytes: 4_096_000,
      filesystem_root_used_bytes: 700 * 4096,
      filesystem_root_free_bytes: 250 * 4096,
      // /data's xfs was mounted over by an ext4; what is on top is what statfs sees
      filesystem_data_total_bytes: 10_240,
      filesystem_data_used_bytes: 0,
      filesystem_data_free_bytes: 10_240,
      filesystem_media_My_Disk_total_bytes: 2048,
      filesystem_media_My_Disk_used_bytes: 1536,
      filesystem_media_My_Disk_free_bytes: 512,
    });
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringContaining('/gone'), err: expect.objectContaining({ code: 'EACCES' }) }));
  });

  it('leaves a group that cannot be read out of the sample and logs it once a minute; fails only when no group can be read', async () => {
    const machine = fakeMachine();
    const clock = new FakeClock();
    const { lines, logger } = recordingLogger();
    const sample = await systemSampler({ ...defaults, groups: ['memory', 'diskio'], clock, logger, files: machine });
    delete machine.files['/proc/diskstats'];
    for (let i = 0; i < 3; i += 1) {
      clock.elapse(1_000);
      expect(Object.keys(valuesOf(await sample()))).toEqual(['memory_total_bytes', 'memory_used_bytes', 'memory_available_bytes']);
    }
    expect(lines.filter((l) => String(l['msg']).includes('diskio group could not be read'))).toHaveLength(1);
    machine.files['/proc/meminfo'] = 'MemTotal: lots\n';
    await expect(sample()).rejects.toThrow('no metric group could be read');
  });

  it('collects the /proc-only groups on Linux alone, saying so elsewhere', async () => {
    const { lines, logger } = recordingLogger();
    const sample = await systemSampler({ ...defaults, platform: 'darwin', clock: new FakeClock(), logger });
    const numeric = valuesOf(await sample());
    expect(names(numeric, /^(filesystem|network|disk)_/)).toEqual([]);
    expect(names(numeric, /^(cpu_load_total|memory_total_bytes|load_average_1m)$/)).toHaveLength(3);
    expect(lines).toContainEqual(expect.objectContaining({ groups: ['filesystem', 'network', 'diskio'], msg: expect.stringContaining('Linux only') }));
  });
});

describe('systemSampler and a filesystem that does not answer', () => {
  it('gives up on its statfs after 2 s, and does not call it again until the first call returns', async () => {
    const machine = fakeMachine();
    machine.files['/proc/self/mounts'] = '/dev/sda1 / ext4 rw 0 0\nserver:/export /nfs nfs4 rw 0 0\n';
    const nfs = { bsize: 1024, blocks: 8, bfree: 4, bavail: 4 } as StatsFs;
    let answer: ((stats: StatsFs) => void) | undefined;
    const calls: string[] = [];
    const statfs = (path: string) => {
      calls.push(path);
      if (path !== '/nfs') return machine.statfs(path);
      // the server answers the first call only when the test says so, and later ones at once
      return calls.filter((p) => p === '/nfs').length === 1 ? new Promise<StatsFs>((resolve) => (answer = resolve)) : Promise.resolve(nfs);
    };
    const clock = new FakeClock();
    const { lines, logger } = recordingLogger();
    const making = systemSampler({ ...defaults, groups: ['filesystem'], clock, logger, files: { ...machine, statfs } });
    while (clock.pending === 0) await new Promise((resolve) => setImmediate(resolve)); // the statfs deadline is set
    await clock.advance(2_000);
    const sample = await making;
    expect(lines).toContainEqual(expect.objectContaining({ msg: expect.stringContaining('/nfs'), err: expect.objectContaining({ message: 'statfs did not return within 2000 ms' }) }));
    // the earlier call is still out: this sample does not wait for it, nor call again
    expect(Object.keys(valuesOf(await sample()))).toEqual(['filesystem_root_total_bytes', 'filesystem_root_used_bytes', 'filesystem_root_free_bytes']);
    expect(calls.filter((p) => p === '/nfs')).toHaveLength(1);
    answer?.(nfs);
    await new Promise((resolve) => setImmediate(resolve));
    expect(valuesOf(await sample())).toMatchObject({ filesystem_nfs_total_bytes: 8192, filesystem_nfs_used_bytes: 4096, filesystem_nfs_free_bytes: 4096 });
  });
});
