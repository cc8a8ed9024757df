import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

/**
 * Follows a child's peak resident memory (VmHWM of /proc/<pid>/status, which only grows) while
 * it runs: the last reading before it exits is its peak. Linux only, as the test machines are.
 */
export function followPeakRss(child: ChildProcess, everyMs = 20): { peakBytes(): number; stop(): void } {
  let peak = 0;
  const read = () => {
    try {
      const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      if (kib !== undefined) peak = Math.max(peak, Number(kib) * 1024);
    } catch {
      // gone already: the last reading stands
    }
  };
  const timer = setInterval(read, everyMs);
  child.once('exit', () => clearInterval(timer));
  read();
  return { peakBytes: () => peak, stop: () => clearInterval(timer) };
}
