import { parseMounts, type Mount } from '../proc/mounts.js';
import { parameterSegments } from '../parameter-names.js';
import type { StatsFs } from 'node:fs';
import type { ReadGroup, SystemAccess } from './metric-group.js';

/** How long a sample waits for one filesystem's size (a dead NFS server can hold statfs for minutes). */
export const STATFS_TIMEOUT_MS = 2_000;

/**
 * How long a mount that reported no size (proc, sysfs, cgroup, devpts, ...) is not asked again.
 * They are most of the mounts of a host or container (14 of 16 here), and each statfs is a trip
 * through libuv's thread pool that wakes the process; a FUSE filesystem that answers 0 until it is
 * ready is still picked up within this time.
 */
export const SIZELESS_RECHECK_MS = 60_000;

/**
 * `filesystem_<mount>_total_bytes`, `_used_bytes` and `_free_bytes` of each mounted filesystem,
 * from statfs(2), as `df` counts them: used is what is taken, free what an ordinary user can
 * still write (root's reserved blocks are in neither). As Telegraf's disk input does, filesystems
 * of an ignored type are skipped, and so are those that report no size (proc, sysfs, cgroup,
 * devpts, ...; asked again every SIZELESS_RECHECK_MS or when mounted anew). A device mounted at
 * several places (bind mounts) is reported once, under its shortest mount point; a mount point
 * mounted over is reported for what is on top.
 */
export function filesystemGroup(access: SystemAccess, ignoreTypes: readonly string[]): ReadGroup {
  const ignored = new Set(ignoreTypes);
  const statfs = boundedStatfs(access);
  const sizeless = sizelessMounts(access);
  return async () => {
    const mounts = chooseMounts(parseMounts(await access.readText('/proc/self/mounts')).filter((m) => !ignored.has(m.type)));
    // named among all of them, so a name never changes with which mounts were asked this time
    const segments = parameterSegments(mounts.map((m) => m.mountPoint));
    const ask = sizeless.toAsk(mounts);
    const sizes = await Promise.all(
      mounts.map((mount, i) =>
        !ask[i] ? undefined : statfs(mount.mountPoint).then(
          (stats) => ({ total: stats.blocks * stats.bsize, used: (stats.blocks - stats.bfree) * stats.bsize, free: stats.bavail * stats.bsize }),
          (err: unknown) => void access.warn(`statfs ${mount.mountPoint}`, err, `could not read the size of the filesystem at ${mount.mountPoint}; it is left out of the sample`),
        ),
      ),
    );
    const numeric: Record<string, number> = {};
    sizes.forEach((size, i) => {
      if (size) sizeless.note(mounts[i], size.total === 0);
      if (!size || size.total === 0) return;
      numeric[`filesystem_${segments[i]}_total_bytes`] = size.total;
      numeric[`filesystem_${segments[i]}_used_bytes`] = size.used;
      numeric[`filesystem_${segments[i]}_free_bytes`] = size.free;
    });
    return numeric;
  };
}

/** Mounts that reported no size, so are not asked each sample; forgotten once unmounted. */
function sizelessMounts(access: SystemAccess) {
  const sizelessSince = new Map<string, number>();
  const key = (m: Mount) => `${m.device} ${m.mountPoint} ${m.type}`;
  return {
    /** For each mount, whether to call statfs: no for one that reported no size within SIZELESS_RECHECK_MS. */
    toAsk(mounts: readonly Mount[]): boolean[] {
      const present = new Set(mounts.map(key));
      for (const k of sizelessSince.keys()) if (!present.has(k)) sizelessSince.delete(k);
      const now = access.clock.now();
      return mounts.map((m) => {
        const since = sizelessSince.get(key(m));
        return since === undefined || now - since >= SIZELESS_RECHECK_MS;
      });
    },
    note(mount: Mount, noSize: boolean) {
      if (noSize) sizelessSince.set(key(mount), access.clock.now());
      else sizelessSince.delete(key(mount));
    },
  };
}

/**
 * statfs that gives up after STATFS_TIMEOUT_MS, and is not called again for a mount point whose
 * earlier call has not returned: each hung call holds one of libuv's four threads, so repeating it
 * every sample would soon stop every file read of the process.
 */
function boundedStatfs(access: SystemAccess): (mountPoint: string) => Promise<StatsFs> {
  const unanswered = new Set<string>();
  return (mountPoint) => {
    if (unanswered.has(mountPoint)) return Promise.reject(new Error(`statfs has not returned since an earlier sample (a network filesystem that does not answer?)`));
    unanswered.add(mountPoint);
    const call = access.statfs(mountPoint).finally(() => unanswered.delete(mountPoint));
    return new Promise<StatsFs>((resolve, reject) => {
      const timer = access.clock.timer(STATFS_TIMEOUT_MS, () => reject(new Error(`statfs did not return within ${STATFS_TIMEOUT_MS} ms`)), { unref: true });
      call.then(
        (stats) => (timer.cancel(), resolve(stats)),
        (err: unknown) => (timer.cancel(), reject(err)),
      );
    });
  };
}

/** The last mount at each mount point, then one per device: the shortest mount point, in mount order. */
export function chooseMounts(mounts: readonly Mount[]): Mount[] {
  const onTop = [...new Map(mounts.map((m) => [m.mountPoint, m])).values()];
  const byDevice = new Map<string, Mount>();
  for (const mount of onTop) {
    // Pseudo filesystems share a device name ("proc", "none"); only real devices can be bind-mounted twice.
    const key = mount.device.startsWith('/') ? mount.device : `${mount.device} ${mount.mountPoint}`;
    const chosen = byDevice.get(key);
    if (!chosen || mount.mountPoint.length < chosen.mountPoint.length) byDevice.set(key, mount);
  }
  const kept = new Set(byDevice.values());
  return onTop.filter((m) => kept.has(m));
}
