import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A folder of CSV files made for one test run. */
export function tortureDir(): { dir: string; write(name: string, content: string | Buffer): string } {
  const dir = mkdtempSync(join(tmpdir(), 'csv-importer-'));
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
}

/** `id,value,label` then `count` rows; row i has id i, value i*1.5, label `r<i>`. */
export function numberedCsv(count: number, start = 0): string {
  const lines = ['id,value,label'];
  for (let i = start; i < start + count; i++) lines.push(`${i},${i * 1.5},r${i}`);
  return lines.join('\n') + '\n';
}
