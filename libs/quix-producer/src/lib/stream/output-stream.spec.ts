import type { TimeseriesRow } from '@quix-connectors/message-schema';
import { FakeClock } from '@quix-connectors/timing/testing';
import { RecordingSink } from '../../test-support/recording-sink.js';
import { QuixProducer } from '../quix-producer.js';
import type { Refusal } from './refusal.js';

async function producerWith(sink: RecordingSink, format: 'json' | 'quix' = 'json', maxPendingBytes = 1_000_000) {
  const refusals: Refusal[] = [];
  const producer = new QuixProducer({
    sink,
    topic: 't',
    format,
    maxMessageBytes: 1000,
    maxPendingBytes,
    buffer: { timeSpanMs: 10_000, maxRows: 1000 },
    onRefused: (r) => refusals.push(r),
    clock: new FakeClock(),
  });
  await producer.connect();
  return { producer, refusals };
}

/** The timestamps of the rows the sink received, in either format. */
function deliveredRows(sink: RecordingSink): number[] {
  return sink.values.flatMap((text) => {
    const value = JSON.parse(text) as { K?: string; V?: { Timestamps: number[] }; Timestamp?: number };
    if (value.K === undefined) return value.Timestamp === undefined ? [] : [value.Timestamp];
    return value.K === 'ParameterData' ? (value.V?.Timestamps ?? []) : [];
  });
}

const row = (n: number, extra: Partial<TimeseriesRow> = {}): TimeseriesRow => ({ timestamp: BigInt(n), numeric: { n }, ...extra });

describe('OutputStream refusals', () => {
  it.each(['json', 'quix'] as const)('%s: a row the encoder refuses goes to the policy alone; the rows around it are delivered', async (format) => {
    const sink = new RecordingSink();
    const { producer, refusals } = await producerWith(sink, format);
    const stream = await producer.createStream('s');
    const reserved = row(2, { strings: { Timestamp: 'x' } });
    const huge = row(3, { strings: { big: 'x'.repeat(5000) } });
    await stream.timeseries.add([row(1), reserved, huge, row(4)]);
    await stream.timeseries.flush();
    expect(refusals.map((r) => [r.reason, r.rows?.map((x) => x.timestamp)])).toEqual([
      ['INVALID_ROW', [2n]],
      ['MESSAGE_TOO_LARGE', [3n]],
    ]);
    expect(deliveredRows(sink)).toEqual([1, 4]);
    // later rows still go out
    await stream.timeseries.add(row(5));
    await stream.timeseries.flush();
    expect(deliveredRows(sink)).toEqual([1, 4, 5]);
  });

  it('maps a message the broker refuses back to the rows it held', async () => {
    const sink = new RecordingSink();
    const { producer, refusals } = await producerWith(sink, 'json');
    const stream = await producer.createStream('s');
    sink.refuseValues.add('{"Timestamp":7,"n":7}');
    await stream.timeseries.add([row(6), row(7), row(8)]);
    await stream.timeseries.flush();
    expect(refusals.map((r) => [r.reason, r.rows?.map((x) => x.timestamp)])).toEqual([['MESSAGE_TOO_LARGE', [7n]]]);
    expect(sink.values).toEqual(['{"Timestamp":6,"n":6}', '{"Timestamp":8,"n":8}']);
  });

  it('publishEvents can reject a refused event instead (for a source that answers its caller)', async () => {
    const sink = new RecordingSink();
    const { producer, refusals } = await producerWith(sink);
    const stream = await producer.createStream('s');
    const big = { id: 'e', value: 'x'.repeat(5000), timestamp: 1n };
    await expect(stream.publishEvents([big], { refusals: 'reject' })).rejects.toMatchObject({ code: 'RECORD_REFUSED', reason: 'MESSAGE_TOO_LARGE' });
    expect(refusals).toEqual([]);
    await stream.publishEvents([big]);
    expect(refusals.map((r) => r.reason)).toEqual(['MESSAGE_TOO_LARGE']);
  });

  it('tryPublishEvents answers undefined at once when there is no room, and the event is never sent', async () => {
    const sink = new RecordingSink();
    sink.hold = true;
    const { producer } = await producerWith(sink, 'json', 100);
    const stream = await producer.createStream('s');
    const first = stream.tryPublishEvents([{ id: 'a', value: 'x'.repeat(60), timestamp: 1n }]);
    expect(first).toBeDefined();
    expect(stream.tryPublishEvents([{ id: 'b', value: 'y'.repeat(60), timestamp: 2n }])).toBeUndefined();
    expect(producer.health()).toEqual({ ready: false, reasons: ['queue-full'] });
    sink.release();
    await first?.acked;
    expect(sink.values).toHaveLength(1);
    expect(producer.isReady()).toBe(true);
  });

  it('close() with a deadline abandons what Kafka did not take, and says so', async () => {
    const sink = new RecordingSink();
    sink.hold = true;
    const clock = new FakeClock();
    const producer = new QuixProducer({ sink, topic: 't', format: 'json', maxMessageBytes: 1000, maxPendingBytes: 1e6, buffer: { timeSpanMs: 10, maxRows: 100 }, clock });
    await producer.connect();
    const stream = await producer.createStream('s', { replayable: true });
    await stream.timeseries.add([row(1), row(2)]);
    const closing = producer.close({ deadlineMs: 3000 });
    await clock.advance(3000);
    await expect(closing).resolves.toEqual({ abandoned: { items: 2, replayableItems: 2 } });
  });
});
