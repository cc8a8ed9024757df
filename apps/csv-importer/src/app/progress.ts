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

/**
 * Seconds left at the rate of this run: bytes still to read over bytes read per second since the
 * run began (a resumed import starts from its position, so its earlier bytes do not count).
 * Undefined until there is a rate to go by; 0 only once every byte is read (the last fraction of
 * a second reads 1 s, not a 0 that looks finished).
 */
export function etaSeconds(s: ProgressSnapshot, startBytes: number, elapsedMs: number): number | undefined {
  const read = s.bytes - startBytes;
  if (read <= 0 || elapsedMs < 500) return undefined;
  if (s.bytes >= s.totalBytes) return 0;
  return Math.max(1, Math.round(((s.totalBytes - s.bytes) / read) * (elapsedMs / 1000)));
}

export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined) return '…';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * A bar with rows/s and ETA on a terminal (`stream`, stderr by default); otherwise a log line
 * every `intervalMs`.
 */
export function createProgress(options: { tty: boolean; intervalMs: number; logger: Logger; file: string; now?: () => number; stream?: NodeJS.WritableStream }): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  let startBytes: number | undefined;
  const rate = (s: ProgressSnapshot) => Math.round(s.rows / Math.max((now() - started) / 1000, 0.001));
  if (options.tty) {
    const bar = new SingleBar({
      format: '{bar} {percentage}% | {rows} rows | {rate} rows/s | ETA {remaining} | bad {bad}',
      stream: options.stream ?? process.stderr,
      hideCursor: true,
    });
    let began = false;
    return {
      update(s) {
        startBytes ??= s.bytes;
        const payload = { rows: s.rows, rate: rate(s), bad: s.badRows, remaining: formatEta(etaSeconds(s, startBytes, now() - started)) };
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
      startBytes ??= s.bytes;
      const at = now();
      if (at - last < options.intervalMs) return;
      last = at;
      const fraction = s.totalBytes > 0 ? s.bytes / s.totalBytes : 1;
      options.logger.info(
        { file: options.file, rows: s.rows, badRows: s.badRows, percent: Math.round(fraction * 1000) / 10, rowsPerSecond: rate(s), etaSeconds: etaSeconds(s, startBytes, at - started) ?? null, rssMb: Math.round(process.memoryUsage.rss() / 1e6) },
        'importing',
      );
    },
    stop: () => undefined,
  };
}
