import { connectionKind, selectSink } from './select-sink.js';
import { silentLogger } from '../logger.js';

describe('connectionKind', () => {
  it.each([
    [{ brokers: ['k:9092'] }, 'kafka'],
    [{ brokers: ['k:9092'], sdkToken: 'tok' }, 'kafka'], // as quixstreams: a broker address means plain Kafka
    [{ sdkToken: 'tok' }, 'quix-cloud'],
    [{}, 'stdout'],
    [{ brokers: [] }, 'stdout'],
  ])('%j -> %s', (settings, kind) => {
    expect(connectionKind(settings)).toBe(kind);
  });

  it('says clearly that Quix Cloud is not connected yet, and what to set instead', () => {
    expect(() => selectSink({ sdkToken: 't', createTopic: true, connectTimeoutMs: 1 }, 'c', silentLogger)).toThrow(
      /Quix__Broker__Address/,
    );
  });
});
