import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort } from '@quix-connectors/testing/tools';

export interface S3Server {
  endpoint: string;
  /** A client of it, as the importer is configured in the tests (path-style, any keys). */
  client: S3Client;
  /** The importer's environment for it. */
  env: Record<string, string>;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

const credentials = { accessKeyId: 'test-key', secretAccessKey: 'test-secret' };

/**
 * A real S3-compatible server for the test: moto in server mode, from the interop venv that
 * tools/python/ensure-venv.sh makes (it installs moto[server] on first use). It throws when the
 * server cannot start, so a test needing it fails rather than skips.
 */
export async function startS3Server(): Promise<S3Server> {
  const ensureVenv = join(__dirname, '../../../../tools/python/ensure-venv.sh');
  const { stdout } = await promisify(execFile)('bash', [ensureVenv], { maxBuffer: 16 * 1024 * 1024 });
  const python = stdout.trim().split('\n').at(-1) as string;
  const port = await freePort();
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  const endpoint = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (exited !== undefined) throw new Error(`moto.server exited (${exited}) before answering: ${stderr}`);
    if (tries > 600) throw new Error(`moto.server did not answer on ${endpoint} within 60 s: ${stderr}`);
    if (await answers(endpoint)) break;
    await sleep(100);
  }
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  return {
    endpoint,
    client,
    env: { S3_ENDPOINT: endpoint, S3_FORCE_PATH_STYLE: 'true', AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey },
    createBucket: async (name) => void (await client.send(new CreateBucketCommand({ Bucket: name }))),
    async stop() {
      client.destroy();
      if (exited !== undefined) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    return (await fetch(endpoint, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}
