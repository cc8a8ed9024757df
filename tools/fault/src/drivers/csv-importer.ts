import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCommitted } from '@quix-connectors/testing/tools';
import { sequence, tallyIds } from '../id-tally.js';
import type { AppProcess } from '../app-process.js';
import type { Driver, DriverTally, Load } from './driver.js';

/** `id,ts,value` rows 1..count, `ts` 1000/rate ms apart, so that a replay at speed 1 takes count/rate s. */
export function numberedCsv(count: number, ratePerS: number, startMs = Date.UTC(2026, 0, 1)): string {
  const lines = ['id,ts,value'];
  for (let id = 1; id <= count; id += 1) lines.push(`${id},${startMs + Math.round(((id - 1) * 1000) / ratePerS)},${id / 4}`);
  return lines.join('\n') + '\n';
}

/** The last committed import position of the positions topic: `{records, line, bytes, rows, badRows, done}`. */
async function lastPosition(brokers: string[], topic: string): Promise<{ rows: number; done: boolean } | undefined> {
  const messages = await readCommitted(brokers, topic, { timeoutMs: 120_000 });
  // The runtime's own records (its fence at each start, its commit markers: keys starting
  // `__quix_connectors_`, see isRuntimeStateKey in quix-producer) are not positions. A tool may
  // not import the producer lib, so the prefix is repeated here.
  const last = messages.filter((m) => m.value.length > 0 && !String(m.key).startsWith('__quix_connectors_')).at(-1);
  return last === undefined ? undefined : (JSON.parse(last.value.toString('utf8')) as { rows: number; done: boolean });
}

/**
 * csv-importer replaying a numbered CSV at real time (REPLAY_SPEED=1, paced by its `ts` column),
 * so that the import spans the outage: a job, it ends by itself. Accepted = the rows of the last
 * committed position (positions topic, read_committed): what the job says is imported. The
 * output is read read_committed too; lost = rows 1..accepted not in it.
 */
export function csvImporterDriver(options: { ratePerS: number }): Driver {
  return {
    app: 'csv-importer',
    job: true,
    load: async (context): Promise<Load> => {
      const rows = Math.round((options.ratePerS * context.loadMs) / 1000);
      const file = join(context.dir, 'fault.csv');
      await writeFile(file, numberedCsv(rows, options.ratePerS));
      let app: AppProcess | undefined;
      return {
        env: { CSV_FILE: file, TIMESTAMP_COLUMN: 'ts', TIMESTAMP_FORMAT: 'ms', REPLAY_SPEED: '1', STREAM_ID: 'fault-csv' },
        start: async (started) => {
          app = started;
        },
        finish: async (mode) => {
          if (mode === 'drain' && app !== undefined) {
            // The job ends by itself once the file is read; the replay's end is at most loadMs away.
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([app.exited, new Promise((resolve) => (timer = setTimeout(resolve, context.loadMs + 120_000)))]);
            clearTimeout(timer);
          }
        },
        tally: async (topic): Promise<DriverTally> => {
          const position = await lastPosition(context.brokers, `${context.topic}-csv-positions`);
          const ids = topic.rows.map((r) => String(r.values['id']));
          return {
            ...tallyIds(sequence(1, position?.rows ?? 0), ids),
            notes: [`file of ${rows} rows replayed at ${options.ratePerS} rows/s; last committed position: ${position ? `${position.rows} rows${position.done ? ', done' : ''}` : 'none'}`],
          };
        },
        close: async () => undefined,
      };
    },
  };
}
