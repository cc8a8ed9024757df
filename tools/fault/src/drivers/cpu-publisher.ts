import { readFile } from 'node:fs/promises';
import type { Driver, DriverTally, Load } from './driver.js';
import { tallySamples } from './sample-gaps.js';

/** The samples the app says it skipped: its warn line at stop, `{"skipped":N,...}`. */
async function reportedSkipped(logFile: string): Promise<number> {
  const log = await readFile(logFile, 'utf8').catch(() => '');
  let skipped = 0;
  for (const line of log.split('\n')) {
    if (!line.includes('samples were skipped')) continue;
    skipped += Number(/"skipped":(\d+)/.exec(line)?.[1] ?? 0);
  }
  return skipped;
}

/**
 * cpu-publisher sampling every `intervalMs`: its own steady load. It exposes no count of the
 * samples it took, so they are derived from its fixed-rate schedule, the run time and the skips
 * it reports (see sample-gaps.ts).
 */
export function cpuPublisherDriver(options: { intervalMs: number }): Driver {
  return {
    app: 'cpu-publisher',
    job: false,
    load: async (context): Promise<Load> => {
      let endMs = 0;
      return {
        env: { SAMPLE_INTERVAL_MS: String(options.intervalMs), STREAM_ID: 'fault-cpu' },
        start: async () => undefined,
        finish: async () => {
          endMs = Date.now();
        },
        tally: async (topic): Promise<DriverTally> => {
          const t = tallySamples(
            topic.rows.map((r) => r.timestamp),
            options.intervalMs,
            endMs,
            await reportedSkipped(context.logFile),
          );
          const longest = t.gaps.reduce((a, g) => Math.max(a, g.missing), 0);
          return {
            ...t,
            notes: [
              `${t.due} samples due every ${options.intervalMs} ms from the first row to the stop; reported skipped ${t.reportedSkipped}; distinct rows ${t.inTopic - t.duplicated}`,
              `gaps in the rows: ${t.gaps.length}, longest ~${((longest * options.intervalMs) / 1000).toFixed(1)} s`,
            ],
          };
        },
        close: async () => undefined,
      };
    },
  };
}
