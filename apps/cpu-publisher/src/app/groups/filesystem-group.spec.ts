import type { StatsFs } from 'node:fs';
import { FakeClock } from '@quix-connectors/timing/testing';
import { filesystemGroup, SIZELESS_RECHECK_MS } from './filesystem-group.js';
import type { SystemAccess } from './metric-group.js';

/** A machine whose mounts the test changes, counting statfs calls by mount point. */
function machine() {
  const state = {
    mounts: ['proc /proc proc rw 0 0', 'cgroup /sys/fs/cgroup/cpu cgroup rw 0 0', '/dev/sda1 / ext4 rw 0 0', 'fuse /mnt/late fuse.late rw 0 0'],
    sizes: { '/proc': 0, '/sys/fs/cgroup/cpu': 0, '/': 1000, '/mnt/late': 0 } as Record<string, number>,
    calls: [] as string[],
  };
  const clock = new FakeClock();
  const access: SystemAccess = {
    clock,
    readText: async () => state.mounts.join('\n'),
    statfs: async (path) => {
      state.calls.push(path);
      return { bsize: 1024, blocks: state.sizes[path], bfree: 0, bavail: 0 } as StatsFs;
    },
    warn: (cause) => {
      throw new Error(`unexpected warning: ${cause}`);
    },
  };
  const callsTo = (path: string) => state.calls.filter((p) => p === path).length;
  return { state, clock, access, callsTo };
}

describe('filesystemGroup and the mounts that report no size', () => {
  it(`asks a sizeless mount (proc, cgroup) again only after ${SIZELESS_RECHECK_MS} ms, and a real one every sample`, async () => {
    const { clock, access, callsTo } = machine();
    const read = filesystemGroup(access, []);
    for (let i = 0; i < 5; i += 1) {
      expect(Object.keys(await read())).toEqual(['filesystem_root_total_bytes', 'filesystem_root_used_bytes', 'filesystem_root_free_bytes']);
      clock.elapse(1_000);
    }
    expect(callsTo('/')).toBe(5);
    expect(callsTo('/proc')).toBe(1);
    expect(callsTo('/sys/fs/cgroup/cpu')).toBe(1);
    clock.elapse(SIZELESS_RECHECK_MS);
    await read();
    expect(callsTo('/proc')).toBe(2);
    expect(callsTo('/')).toBe(6);
  });

  it('publishes a filesystem that reported no size at first (a FUSE mount not yet ready) once it has one', async () => {
    const { state, clock, access, callsTo } = machine();
    const read = filesystemGroup(access, []);
    expect(await read()).not.toHaveProperty('filesystem_mnt_late_total_bytes');
    state.sizes['/mnt/late'] = 8;
    clock.elapse(1_000);
    expect(await read()).not.toHaveProperty('filesystem_mnt_late_total_bytes');
    clock.elapse(SIZELESS_RECHECK_MS);
    expect(await read()).toMatchObject({ filesystem_mnt_late_total_bytes: 8192 });
    clock.elapse(1_000);
    expect(await read()).toMatchObject({ filesystem_mnt_late_total_bytes: 8192 });
    expect(callsTo('/mnt/late')).toBe(3);
  });

  it('asks again at once when a sizeless mount point is mounted anew, with another device or type', async () => {
    const { state, clock, access, callsTo } = machine();
    const read = filesystemGroup(access, []);
    await read();
    state.mounts = state.mounts.map((m) => (m.startsWith('fuse ') ? '/dev/sdb1 /mnt/late ext4 rw 0 0' : m));
    state.sizes['/mnt/late'] = 4;
    clock.elapse(1_000);
    expect(await read()).toMatchObject({ filesystem_mnt_late_total_bytes: 4096 });
    expect(callsTo('/mnt/late')).toBe(2);
  });

  it('names each filesystem among all the mounts, so a name does not change with which mounts were asked', async () => {
    const { state, clock, access } = machine();
    // a pseudo filesystem at /a-b takes the segment a_b; the real /a_b is a_b_2 in every sample
    state.mounts = ['none /a-b proc rw 0 0', '/dev/sdc1 /a_b ext4 rw 0 0'];
    Object.assign(state.sizes, { '/a-b': 0, '/a_b': 2 });
    const read = filesystemGroup(access, []);
    for (let i = 0; i < 3; i += 1) {
      expect(Object.keys(await read())).toEqual(['filesystem_a_b_2_total_bytes', 'filesystem_a_b_2_used_bytes', 'filesystem_a_b_2_free_bytes']);
      clock.elapse(1_000);
    }
  });
});
