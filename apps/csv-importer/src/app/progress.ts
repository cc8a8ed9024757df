import { SingleBar } from 'cli-progress';
import type { Logger } from '@quix-connectors/service';

export interface ProgressSnapshot {
  bytes: number;
  totalBytes: number;
  rows: number;
  badRows: number;
}

export interface Progress {
  update(snapshot: ProgressSnapshot): void;
  stop(): void;
}

/** A bar with rows/s and ETA on a terminal; otherwise a log line every `intervalMs`. */
export function createProgress(options: { tty: boolean; intervalMs: number; logger: Logger; file: string; now?: () => number }): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  if (options.tty) {
    const bar = new SingleBar({
      format: '{bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted} | bad {bad}',
      stream: process.stderr,
      hideCursor: true,
    });
    let began = false;
    return {
      update(s) {
        const rate = Math.round(s.rows / Math.max((now() - started) / 1000, 0.001));
        const payload = { rows: s.rows, rate, bad: s.badRows };
        if (!began) {
          bar.start(Math.max(s.totalBytes, 1), s.bytes, payload);
          began = true;
        } else bar.update(s.bytes, payload);
      },
      stop: () => bar.stop(),
    };
  }
  let last = started;
  return {
    update(s) {
      const at = now();
      if (at - last < options.intervalMs) return;
      last = at;
      const seconds = Math.max((at - started) / 1000, 0.001);
      const fraction = s.totalBytes > 0 ? s.bytes / s.totalBytes : 1;
      const etaSeconds = fraction > 0 ? Math.round((seconds / fraction) * (1 - fraction)) : null;
      options.logger.info(
        { file: options.file, rows: s.rows, badRows: s.badRows, percent: Math.round(fraction * 1000) / 10, rowsPerSecond: Math.round(s.rows / seconds), etaSeconds, rssMb: Math.round(process.memoryUsage.rss() / 1e6) },
        'importing',
      );
    },
    stop: () => undefined,
  };
}
