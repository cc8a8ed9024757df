import { logLevel } from 'kafkajs';
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
    expect(logged(logLevel.ERROR, 'Connection timeout')).toEqual([{ level: 'error', msg: 'kafkajs: Connection timeout' }]);
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
    expect(logged(logLevel.ERROR, 'Failed to send messages: Connection error: read ECONNRESET', { retryCount: 0 })[0].level).toBe('error');
  });
});
