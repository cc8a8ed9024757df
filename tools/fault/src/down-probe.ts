import { setTimeout as sleep } from 'node:timers/promises';
import { readyStatus } from './app-process.js';
import type { AppProcess } from './app-process.js';

/** What an app showed from the broker's kill until it answered again. */
export interface ProbeResult {
  /** /readyz answers while the broker was down (kill until it answered again). */
  down: { ok: number; unavailable: number; other: number };
  /** ms from the kill to the first answer other than 200; undefined when every answer was 200. */
  killToNotReadyMs: number | undefined;
  /** ms from the broker answering again to the app's first 200; undefined when none came. */
  upToReadyMs: number | undefined;
  rssBeforeMb: number | undefined;
  /** Highest resident set size sampled while the broker was down. */
  peakRssDownMb: number | undefined;
}

/**
 * Polls /readyz (one request at a time, every `intervalMs`) and samples the app's RSS from the
 * broker's kill on; `brokerUp()` marks when the broker answered again, and polling goes on until
 * the first 200 after it, or `stop()`.
 */
export class DownProbe {
  private readonly result: ProbeResult = { down: { ok: 0, unavailable: 0, other: 0 }, killToNotReadyMs: undefined, upToReadyMs: undefined, rssBeforeMb: undefined, peakRssDownMb: undefined };
  private killedAt = 0;
  private upAt: number | undefined;
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly app: AppProcess,
    private readonly intervalMs = 250,
  ) {}

  /** Call just before the kill: takes the RSS baseline. */
  async beforeKill(): Promise<void> {
    this.result.rssBeforeMb = await this.app.rssMb();
  }

  killed(): void {
    this.killedAt = Date.now();
    this.running = true;
    this.loop = this.poll();
  }

  brokerUp(): void {
    this.upAt = Date.now();
  }

  async stop(): Promise<ProbeResult> {
    this.running = false;
    await this.loop;
    return this.result;
  }

  private async poll(): Promise<void> {
    const r = this.result;
    while (this.running && !this.app.hasExited) {
      const started = Date.now();
      if (this.upAt === undefined) {
        const rss = await this.app.rssMb();
        if (rss !== undefined) r.peakRssDownMb = Math.max(r.peakRssDownMb ?? 0, rss);
      }
      if (this.app.baseUrl !== undefined) {
        const status = await readyStatus(this.app.baseUrl);
        const at = Date.now();
        if (this.upAt === undefined) {
          if (status === 200) r.down.ok += 1;
          else if (status === 503) r.down.unavailable += 1;
          else r.down.other += 1;
          if (status !== 200 && r.killToNotReadyMs === undefined) r.killToNotReadyMs = at - this.killedAt;
        } else if (status === 200) {
          r.upToReadyMs = Math.max(0, at - this.upAt);
          return;
        }
      }
      await sleep(Math.max(0, this.intervalMs - (Date.now() - started)));
    }
  }
}
