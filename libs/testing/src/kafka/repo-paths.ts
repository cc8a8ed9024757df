import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MARKER = join('tools', 'kafka', 'fetch-jars.sh');

/**
 * The repository root, found by walking up from this file (works from `src/` and from `dist/`)
 * to the folder that holds `tools/kafka/fetch-jars.sh`.
 */
export function repoRoot(start: string = import.meta.dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, MARKER))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find ${MARKER} above ${start}`);
    dir = parent;
  }
}

export function toolPath(...segments: string[]): string {
  return join(repoRoot(), 'tools', ...segments);
}
