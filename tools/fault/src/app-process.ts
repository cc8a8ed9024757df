import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

/** An app's built bundle running as users run it: `node dist/main.js`, configured by env only. */
export interface AppProcess {
  readonly pid: number;
  /** http://127.0.0.1:PORT, for /readyz and /metrics; undefined for a job without endpoints. */
  readonly baseUrl: string | undefined;
  /** The exit code, or 128 + n when a signal n ended it; with the time it exited. */
  readonly exited: Promise<{ code: number; atMs: number }>;
  readonly hasExited: boolean;
  /** Lines the app logged at error or fatal level (pino levels 50, 60), and its log's bytes. */
  logStats(): { errorLines: number; bytes: number };
  /** Its resident set size now, MB (from /proc); undefined once it has gone. */
  rssMb(): Promise<number | undefined>;
  /** The text of GET /metrics, or undefined when it does not answer within 2 s. */
  metrics(): Promise<string | undefined>;
  signal(name: NodeJS.Signals): void;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export function startApp(mainJs: string, env: Record<string, string>, options: { port?: number; logFile: string }): AppProcess {
  const child: ChildProcess = spawn(process.execPath, [mainJs], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(options.logFile);
  let errorLines = 0;
  let bytes = 0;
  let partial = '';
  child.stdout?.pipe(log, { end: false });
  child.stderr?.on('data', (chunk: Buffer) => {
    log.write(chunk);
    bytes += chunk.length;
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (/"level":(50|60)[,}]/.test(line)) errorLines += 1;
  });
  let hasExited = false;
  const exited = new Promise<{ code: number; atMs: number }>((resolve) =>
    child.once('exit', (code, signal) => {
      hasExited = true;
      log.end();
      resolve({ code: code ?? 128 + (signal ? (SIGNALS[signal] ?? 0) : 0), atMs: Date.now() });
    }),
  );
  // A suite that crashes must not leave apps behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const baseUrl = options.port === undefined ? undefined : `http://127.0.0.1:${options.port}`;
  return {
    pid: child.pid ?? -1,
    baseUrl,
    exited,
    get hasExited() {
      return hasExited;
    },
    logStats: () => ({ errorLines, bytes }),
    rssMb: async () => {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
      return kb === undefined ? undefined : Number(kb) / 1024;
    },
    metrics: async () => {
      if (baseUrl === undefined) return undefined;
      try {
        const res = await request(`${baseUrl}/metrics`, { headersTimeout: 2_000, bodyTimeout: 2_000 });
        const text = await res.body.text();
        return res.statusCode === 200 ? text : undefined;
      } catch {
        return undefined;
      }
    },
    signal: (name) => child.kill(name),
  };
}

/** GET /readyz once: its status, or 'error' when nothing answered within `timeoutMs`. */
export async function readyStatus(baseUrl: string, timeoutMs = 1_000): Promise<number | 'error'> {
  try {
    const res = await request(`${baseUrl}/readyz`, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    await res.body.dump();
    return res.statusCode;
  } catch {
    return 'error';
  }
}

/** Waits until /readyz answers 200 (or, for a job, a moment); rejects when the app exits or `timeoutMs` passes. */
export async function waitUntilReady(app: AppProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.hasExited) throw new Error(`the app exited with code ${(await app.exited).code} before it was ready`);
    if (app.baseUrl === undefined || (await readyStatus(app.baseUrl)) === 200) return;
    await sleep(200);
  }
  throw new Error(`the app did not answer /readyz 200 within ${timeoutMs} ms`);
}
