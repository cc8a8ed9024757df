import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, repoRoot } from '@quix-connectors/testing/tools';
import { sequence, tallyIds } from '../id-tally.js';
import { metricValue } from '../metrics-text.js';
import type { AppProcess } from '../app-process.js';
import type { Driver, DriverTally, Load } from './driver.js';

/** samplePost(n)'s id is this plus n (apps/twitter-source/src/stand-in/sample-posts.ts). */
const ID_BASE = 1_800_000_000_000_000_000n;
const TOKEN = 'fault-suite-token';

/** The app's stand-in of the X API (`serve.ts`, bundled and run in its own process), sending `posts` posts. */
async function startStandIn(port: number, ratePerS: number, posts: number): Promise<{ url: string; stop(): void }> {
  const root = repoRoot();
  const child = spawn(join(root, 'tools/bench/run.sh'), [join(root, 'apps/twitter-source/src/stand-in/serve.ts')], {
    env: { ...process.env, STAND_IN_PORT: String(port), STAND_IN_TOKEN: TOKEN, STAND_IN_RATE: String(ratePerS), STAND_IN_POSTS: String(posts) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = () => void child.kill('SIGTERM');
  process.once('exit', stop);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /X API stand-in on (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the X API stand-in exited with code ${code} before it listened`)));
  });
  return { url, stop };
}

/**
 * twitter-source reading the app's own X API stand-in, which sends posts 1..N at a steady rate
 * on one connection and then stays open. Accepted = posts the app says it read
 * (`twitter_posts_received_total` on /metrics, taken before the stop): posts arrive in order on
 * that one connection, so they are posts 1..that count. Lost = those not in the topic.
 */
export function twitterSourceDriver(options: { ratePerS: number }): Driver {
  return {
    app: 'twitter-source',
    job: false,
    load: async (context): Promise<Load> => {
      const posts = Math.round((options.ratePerS * context.loadMs) / 1000);
      const standIn = await startStandIn(await freePort(), options.ratePerS, posts);
      let app: AppProcess | undefined;
      let received = 0;
      let reconnects = 0;
      const read = async () => {
        const text = await app?.metrics();
        if (text === undefined) return false;
        received = metricValue(text, 'twitter_posts_received_total') ?? received;
        reconnects = metricValue(text, 'twitter_reconnects_total') ?? reconnects;
        return true;
      };
      return {
        env: { BEARER_TOKEN: TOKEN, X_API_BASE_URL: standIn.url, TWITTER_RULES: 'cats', OUTPUT_MODE: 'rows', STREAM_ID: 'fault-twitter' },
        start: async (started) => {
          app = started;
        },
        finish: async (mode) => {
          if (mode === 'now') return void (await read());
          // Until the app has read everything sent, or its count stood still for 5 s (60 s at most).
          let last = -1;
          let stillSince = Date.now();
          for (const deadline = Date.now() + 60_000; Date.now() < deadline && received < posts; await sleep(500)) {
            await read();
            if (received !== last) [last, stillSince] = [received, Date.now()];
            else if (Date.now() - stillSince > 5_000) break;
          }
        },
        tally: async (topic): Promise<DriverTally> => {
          const ids = topic.rows.map((r) => String(BigInt(String(r.values['id'])) - ID_BASE));
          return {
            ...tallyIds(sequence(1, received), ids),
            notes: [`the stand-in sent up to ${posts} posts at ${options.ratePerS}/s; the app read ${received} (its /metrics), reconnects ${reconnects}`],
          };
        },
        close: async () => standIn.stop(),
      };
    },
  };
}
