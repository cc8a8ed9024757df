import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The built app as users run it (`node dist/main.js <file>`), configured by the environment. */
export function runImporter(args: string[], env: Record<string, string>) {
  const main = join(__dirname, '../../dist/main.js');
  const child = spawn(process.execPath, [main, ...args], { env: { PATH: process.env['PATH'] ?? '', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** The JSON log lines written so far. */
    logs: () => stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
