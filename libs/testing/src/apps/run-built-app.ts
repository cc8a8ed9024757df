import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningBuiltApp {
  child: ChildProcess;
  /** The exit code (null when killed by a signal it did not handle). */
  exited: Promise<number | null>;
  /** Everything written so far (logs go to stderr, data to stdout when no broker is set). */
  output(): { stdout: string; stderr: string };
}

/**
 * Runs an app's built bundle as users do (`node dist/main.js`), configured only by `env` (plus
 * PATH): nothing of the test's own environment leaks in.
 */
export function runBuiltApp(mainJs: string, env: Record<string, string>): RunningBuiltApp {
  const child = spawn(process.execPath, [mainJs], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}
