import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestTopic, parseJsonExact, readCommitted, testBrokers } from '@quix-connectors/testing';
import { runImporter } from './test-support/run-importer.js';
import { numberedCsv, tortureDir } from './test-support/torture.js';

// Folder mode under a real crash loop: the built app is killed (-9) each time it starts on the
// poison file and restarted, as an orchestrator would. Each start counts an attempt in the
// committed position; after CSV_MAX_ATTEMPTS (the default, 3) starts the file is set aside.

const MAX_ATTEMPTS = 3;
const POISON_ROWS = 400_000; // long enough to import that the kill lands while it is read

/** The `id` of every committed row, with its stream (the file name). */
async function idsByFile(topic: string): Promise<Map<string, number[]>> {
  const ids = new Map<string, number[]>();
  for (const { key, value } of await readCommitted(testBrokers(), topic)) {
    const file = String(key);
    ids.set(file, [...(ids.get(file) ?? []), (parseJsonExact(value.toString()) as { id: number }).id]);
  }
  return ids;
}

const range = (start: number, count: number) => [...Array(count).keys()].map((i) => start + i);

describe('csv-importer folder mode, crashing for real', () => {
  it('sets aside a file it was killed on CSV_MAX_ATTEMPTS times, saying why, and imports the other files exactly once', async () => {
    const topic = await createTestTopic(testBrokers());
    const folder = tortureDir();
    folder.write('a.csv', numberedCsv(50));
    folder.write('b-poison.csv', numberedCsv(POISON_ROWS, 1000));
    folder.write('c.csv', numberedCsv(50, 100));
    const env = { KAFKA_BROKERS: testBrokers().join(','), output: topic, CSV_FOLDER: folder.dir, FOLDER_POLL_MS: '100' };
    const startedOnPoison = (app: ReturnType<typeof runImporter>) => app.logs().some((l) => l['msg'] === 'importing' && String(l['file']).endsWith('b-poison.csv'));

    for (let start = 1; start <= MAX_ATTEMPTS; start++) {
      const app = runImporter([], env);
      // "importing" is logged once the attempt is committed: kill it there, mid-file.
      while (!startedOnPoison(app)) {
        if (app.child.exitCode !== null) throw new Error(`start ${start} exited before the poison file: ${app.output().stderr}`);
        await sleep(20);
      }
      app.child.kill('SIGKILL');
      expect(await app.exited).toEqual({ code: null, signal: 'SIGKILL' });
      expect(existsSync(join(folder.dir, 'b-poison.csv'))).toBe(true); // still there, to be tried again
    }

    const last = runImporter([], env);
    const there = (name: string) => existsSync(join(folder.dir, name));
    while (there('b-poison.csv') || !there('done/c.csv')) await sleep(50); // waits for a state; jest's timeout bounds it
    last.child.kill('SIGTERM');
    expect(await last.exited).toEqual({ code: 0, signal: null });
    expect({ error: there('error/b-poison.csv'), done: there('done/b-poison.csv') }).toEqual({ error: true, done: false });
    expect(startedOnPoison(last)).toBe(false); // set aside without a fourth start
    expect(readFileSync(join(folder.dir, 'error/b-poison.csv.error.txt'), 'utf8')).toMatch(/started 3 times without finishing.*CSV_MAX_ATTEMPTS=3/);
    expect(existsSync(join(folder.dir, 'done/a.csv'))).toBe(true);

    const ids = await idsByFile(topic);
    expect(ids.get('a.csv')).toEqual(range(0, 50));
    expect(ids.get('c.csv')).toEqual(range(100, 50));
    // What the killed runs committed of the poison file is there once, in order, never all of it.
    const poison = ids.get('b-poison.csv') ?? [];
    expect(poison).toEqual(range(1000, poison.length));
    expect(poison.length).toBeLessThan(POISON_ROWS);
  }, 300_000);
});
