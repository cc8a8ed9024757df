import { join } from 'node:path';
import { createTestTopic, readBack, runBuiltApp, testBrokers } from '@quix-connectors/testing';

// What a user reads when the app starts (logs are JSON lines on stderr when not on a terminal):
// an unreachable broker is one clear line with the cause said once and no stack trace; a
// healthy start says nothing alarming (no warning or error at all, none of kafkajs's own lines).

const main = join(__dirname, '../dist/main.js');
interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}
const lines = (stderr: string): LogLine[] => stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);

jest.setTimeout(90_000);

describe('what cpu-publisher says at start', () => {
  it('an unreachable broker: exit 1, one line naming the cause once and what to check, no stack, nothing from kafkajs', async () => {
    const app = runBuiltApp(main, { KAFKA_BROKERS: '127.0.0.1:1', KAFKA_CONNECT_TIMEOUT_MS: '3000', PORT: '0' });
    expect(await app.exited).toBe(1);
    const { stderr } = app.output();
    const problems = lines(stderr).filter((l) => l.level >= 50);
    expect(problems.map((l) => l.msg)).toEqual([
      expect.stringMatching(/^cannot start: Cannot connect to Kafka at 127\.0\.0\.1:1: .*ECONNREFUSED.*Check the broker address \(Quix__Broker__Address \/ KAFKA_BROKERS\)/),
      'stopped after the error above (exit code 1)',
    ]);
    expect(stderr.match(/ECONNREFUSED/g)).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at |"stack"/);
    expect(stderr).not.toMatch(/kafkajs|KafkaJS/);
  });

  it('a healthy start and stop: no warning or error line at all', async () => {
    const topic = await createTestTopic(testBrokers(), { prefix: 'start-messages' });
    const app = runBuiltApp(main, { KAFKA_BROKERS: testBrokers().join(','), output: topic, SAMPLE_INTERVAL_MS: '100', PORT: '0' });
    await readBack(testBrokers(), topic, { count: 2, timeoutMs: 30_000 });
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    const logged = lines(app.output().stderr);
    expect(logged.map((l) => l.msg)).toContain('stopped');
    expect(logged.filter((l) => l.level >= 40)).toEqual([]);
  });
});
