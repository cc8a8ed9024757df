import { join } from 'node:path';
import { runBuiltApp, testBrokers, type RunningBuiltApp } from '@quix-connectors/testing';

export const WRITER_TOKEN = 'writer-token-1234';
export const READER_TOKEN = 'reader-token-1234';

/** The built gateway as users run it (`node dist/main.js`; `nx test` builds it first), on a free port. */
export async function startGateway(topics: string[], env: Record<string, string> = {}): Promise<{ app: RunningBuiltApp; base: string; stop(): Promise<number | null> }> {
  const tokens = [
    { token: WRITER_TOKEN, topics, read: false },
    { token: READER_TOKEN, topics, write: false },
  ];
  const app = runBuiltApp(join(__dirname, '../../dist/main.js'), {
    KAFKA_BROKERS: testBrokers().join(','),
    output: topics[0] as string,
    PORT: '0',
    HOST: '127.0.0.1',
    TOKENS: JSON.stringify(tokens),
    ...env,
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const port = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(app.output().stderr)?.[1];
    if (port) {
      return {
        app,
        base: `http://127.0.0.1:${port}`,
        stop: async () => {
          app.child.kill('SIGTERM');
          return app.exited;
        },
      };
    }
    if (app.child.exitCode !== null || Date.now() > deadline) throw new Error(`the gateway did not start:\n${app.output().stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
