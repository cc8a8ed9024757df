import { logLevel } from 'kafkajs';
import { ReportThrottle } from '@quix-connectors/timing';
import { FakeClock } from '@quix-connectors/timing/testing';
import { kafkajsLogCreator } from './kafka-logging.js';

function logged(level: logLevel, message: string, extra: Record<string, unknown> = {}) {
  const lines: { level: string; msg?: string }[] = [];
  const record = (name: string) => (_obj: object, msg?: string) => void lines.push({ level: name, msg });
  const logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  kafkajsLogCreator(logger)(logLevel.DEBUG)({ namespace: 'Connection', level, label: 'ERROR', log: { timestamp: '', message, ...extra } });
  return lines;
}

describe('kafkajs logs routed into ours', () => {
  it('keeps the level of ordinary lines', () => {
    expect(logged(logLevel.ERROR, 'Response Metadata(key: 3)', { error: 'something new' })).toEqual([{ level: 'error', msg: 'kafkajs: Response Metadata(key: 3)' }]);
    expect(logged(logLevel.WARN, 'Something')).toEqual([{ level: 'warn', msg: 'kafkajs: Something' }]);
    expect(logged(logLevel.INFO, 'Started')).toEqual([{ level: 'info', msg: 'kafkajs: Started' }]);
  });

  it('logs the answer that a transaction is still being completed, during a send (which kafkajs retries, as the protocol expects), at debug', () => {
    const error = 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing';
    expect(logged(logLevel.ERROR, 'Response AddPartitionsToTxn(key: 24, version: 1)', { error })).toEqual([
      { level: 'debug', msg: 'kafkajs: Response AddPartitionsToTxn(key: 24, version: 1)' },
    ]);
    expect(logged(logLevel.ERROR, `Failed to send messages: ${error}`, { retryCount: 0, retryTime: 300 })[0].level).toBe('debug');
  });

  it('logs other broker errors kafkajs retries (a leader moving) as warnings', () => {
    const error = 'This server is not the leader for that topic-partition';
    expect(logged(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', { error })).toEqual([
      { level: 'warn', msg: 'kafkajs: Response Produce(key: 0, version: 7)' },
    ]);
    expect(logged(logLevel.ERROR, `Failed to send messages: ${error}`, { retryCount: 1, retryTime: 600 })[0].level).toBe('warn');
  });

  it('keeps a transaction still being completed at error when the call was EndTxn, which kafkajs does not retry', () => {
    const error = 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing';
    expect(logged(logLevel.ERROR, 'Response EndTxn(key: 26, version: 1)', { error })[0].level).toBe('error');
  });

  it('keeps a corrupt-message answer at error although kafkajs retries it: it would mean our encoding went wrong', () => {
    const error = 'This message has failed its CRC checksum, exceeds the valid size, or is otherwise corrupt';
    expect(logged(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', { error })[0].level).toBe('error');
    expect(logged(logLevel.ERROR, `Failed to send messages: ${error}`, { retryCount: 0 })[0].level).toBe('error');
  });

  it('keeps broker errors that are not retried, and unknown ones, at error', () => {
    const oldEpoch = "Producer attempted an operation with an old epoch. Either there is a newer producer with the same transactionalId, or the producer's transaction has been expired by the broker";
    expect(logged(logLevel.ERROR, 'Response EndTxn(key: 26, version: 1)', { error: oldEpoch })[0].level).toBe('error');
    expect(logged(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', { error: 'something new' })[0].level).toBe('error');
  });

  it('logs a broker that cannot be reached as a warning: the delivery queue retries and reports the outage', () => {
    expect(logged(logLevel.ERROR, 'Failed to send messages: Connection error: read ECONNRESET', { retryCount: 0 })[0].level).toBe('warn');
    expect(logged(logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:9092')[0].level).toBe('warn');
    expect(logged(logLevel.ERROR, 'Connection timeout')[0].level).toBe('warn');
  });

  it('logs each kind of line once per minute, then says how often it repeated', async () => {
    const clock = new FakeClock(0);
    const lines: { level: string; repeated?: number }[] = [];
    const record = (level: string) => (obj: object) => void lines.push({ level, repeated: (obj as { repeated?: number }).repeated });
    const logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
    const log = kafkajsLogCreator(logger, { quiet: false }, new ReportThrottle(clock, 60_000))(logLevel.DEBUG);
    const line = (port: number) => log({ namespace: 'Connection', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: '', message: `Connection error: connect ECONNREFUSED 127.0.0.1:${port}` } });
    for (let i = 0; i < 50; i++) line(9092 + (i % 2));
    await clock.advance(60_000);
    line(9092);
    expect(lines.filter((l) => l.level === 'warn')).toEqual([{ level: 'warn', repeated: undefined }, { level: 'warn', repeated: 49 }]);
  });

  it('sends everything to debug while the client is connecting at start', () => {
    const lines: string[] = [];
    const record = (level: string) => () => void lines.push(level);
    const logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
    kafkajsLogCreator(logger, { quiet: true })(logLevel.DEBUG)({ namespace: 'x', level: logLevel.ERROR, label: 'ERROR', log: { timestamp: '', message: 'Response Metadata', error: 'odd' } });
    expect(lines).toEqual(['debug']);
  });
});
