import { setTimeout as sleep } from 'node:timers/promises';
import { tallyIds } from '../id-tally.js';
import type { Driver, DriverTally, Load } from './driver.js';
import { RestStandIn } from './rest-stand-in.js';

export interface RestDriverOptions {
  ratePerS: number;
  window: number;
  pollIntervalMs: number;
}

/**
 * rest-poller polling a REST stand-in whose records stay listed only while among the newest
 * `window`. Accepted = every record that had to reach the topic by the end: those the app was
 * served, and those that left the window (whether or not the app came in time: had it kept
 * polling, it would have had them). Lost = accepted ids not in the topic; records still listed
 * and never served at the end are pending, not lost.
 */
export function restPollerDriver(options: RestDriverOptions): Driver {
  return {
    app: 'rest-poller',
    job: false,
    load: async (): Promise<Load> => {
      const standIn = new RestStandIn({ ratePerS: options.ratePerS, window: options.window });
      const url = await standIn.start();
      return {
        env: { POLL_URL: url, POLL_INTERVAL_MS: String(options.pollIntervalMs), ID_FIELD: 'id', TIMESTAMP_FIELD: 'createdAt', STREAM_ID: 'fault-rest' },
        start: async () => undefined,
        finish: async (mode) => {
          standIn.stopGenerating();
          if (mode === 'now') return;
          // Two polls after the last record, so that the app has been served all of them.
          const polls = standIn.polls;
          for (const deadline = Date.now() + 3 * options.pollIntervalMs + 10_000; standIn.polls < polls + 2 && Date.now() < deadline; ) await sleep(100);
        },
        tally: async (topic): Promise<DriverTally> => {
          const first = standIn.firstInWindow();
          const accepted: string[] = [];
          let leftUnserved = 0;
          for (let seq = 1; seq <= standIn.generated; seq += 1) {
            const served = standIn.served.has(seq);
            if (!served && seq < first) leftUnserved += 1;
            if (served || seq < first) accepted.push(`r-${seq}`);
          }
          const ids = topic.rows.map((r) => String(r.values['id']));
          const t = tallyIds(accepted, ids);
          return {
            ...t,
            notes: [
              `${standIn.generated} records at ${options.ratePerS}/s, listed while among the newest ${options.window}; polled every ${options.pollIntervalMs} ms: ${standIn.polls} polls`,
              `served to the app: ${standIn.served.size}; left the window never served: ${leftUnserved}; still listed, never served: ${standIn.generated - accepted.length}`,
            ],
          };
        },
        close: () => standIn.stop(),
      };
    },
  };
}
