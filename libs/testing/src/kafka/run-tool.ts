import { execFile } from 'node:child_process';
import { TestingError } from './errors.ts';

export interface RunToolOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Pass the tool's stderr through as it comes (what it says it is downloading), besides keeping it for the error. */
  echoStderr?: boolean;
}

/** Runs a helper program and resolves with its trimmed stdout; stderr goes into the error. */
export function runTool(
  file: string,
  args: readonly string[],
  options: RunToolOptions = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        timeout: options.timeoutMs ?? 600_000,
        env: options.env,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = String(stderr)
            .trim()
            .split('\n')
            .slice(-20)
            .join('\n');
          reject(
            new TestingError(
              'TOOL_FAILED',
              `${file} ${args.join(' ')} failed: ${detail}`,
              {
                cause: error,
              },
            ),
          );
          return;
        }
        resolve(String(stdout).trim());
      },
    );
    if (options.echoStderr) child.stderr?.on('data', (chunk: Buffer | string) => process.stderr.write(chunk));
  });
}
