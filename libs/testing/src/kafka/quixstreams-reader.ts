import { execFile } from 'node:child_process';
import { parseJsonExact } from '@quix-connectors/message-schema';
import { TestingError } from './errors.ts';
import { toolPath } from './repo-paths.ts';
import { runTool } from './run-tool.ts';

export interface ReadWithQuixstreamsOptions {
  brokers: readonly string[];
  topic: string;
  /** The quixstreams value deserializer: `json` or `quix` (the SDK envelope). */
  format: 'json' | 'quix';
  /** Rows to read; a `quix` ParameterData message yields one row per timestamp. */
  count: number;
  /** Give up when no message arrived for this long. */
  timeoutMs: number;
}

/** One row as quixstreams decoded it (unsafe integers as `bigint`, bytes as base64 strings). */
export interface QuixstreamsRow {
  key: string | null;
  value: unknown;
  timestamp_ms: number;
}

/**
 * Reads a topic with the official Python quixstreams library (tools/python/read_topic.py, in a
 * venv that tools/python/ensure-venv.sh creates on first use) and returns the rows it decoded.
 */
export async function readWithQuixstreams(
  options: ReadWithQuixstreamsOptions,
): Promise<QuixstreamsRow[]> {
  const python = await runTool(toolPath('python', 'ensure-venv.sh'), [], { echoStderr: true });
  const args = [
    toolPath('python', 'read_topic.py'),
    '--brokers',
    options.brokers.join(','),
    '--topic',
    options.topic,
    '--format',
    options.format,
    '--count',
    String(options.count),
    '--timeout',
    String(options.timeoutMs / 1000),
  ];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      python,
      args,
      // The reader's own timeout is an idle timeout; this bound also covers start and group join.
      { timeout: options.timeoutMs + 60_000, maxBuffer: 256 * 1024 * 1024 },
      (error, out, err) => {
        if (error) {
          const detail = String(err).trim().split('\n').slice(-15).join('\n');
          // read_topic.py exits 2 when too few rows arrived in time.
          const code = error.code === 2 ? 'READ_TIMEOUT' : 'TOOL_FAILED';
          reject(
            new TestingError(
              code,
              `quixstreams reader failed on ${options.topic}: ${detail}`,
              { cause: error },
            ),
          );
          return;
        }
        resolve(String(out));
      },
    );
  });
  return stdout
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => parseJsonExact(line) as QuixstreamsRow);
}
