import type { TimeseriesRow } from '@quix-connectors/message-schema';
import { TimeseriesBuffer } from './timeseries-buffer.js';

const row = (n: number): TimeseriesRow => ({ timestamp: BigInt(n), numeric: { n } });

function recordingSender() {
  const batches: number[][] = [];
  const send = async (rows: TimeseriesRow[]) => {
    batches.push(rows.map((r) => Number(r.timestamp)));
    return { acked: Promise.resolve() };
  };
  return { batches, send };
}

describe('TimeseriesBuffer', () => {
  afterEach(() => jest.useRealTimers());

  it('flushes as soon as the row count is reached', async () => {
    const { batches, send } = recordingSender();
    const buffer = new TimeseriesBuffer(send, { timeSpanMs: 60_000, maxRows: 3 }, fail);
    await buffer.add([row(1), row(2)]);
    expect(batches).toEqual([]);
    await buffer.add(row(3));
    expect(batches).toEqual([[1, 2, 3]]);
    buffer.stopTimer();
  });

  it('flushes the time span after the first row entered an empty buffer', async () => {
    jest.useFakeTimers();
    const { batches, send } = recordingSender();
    const buffer = new TimeseriesBuffer(send, { timeSpanMs: 100, maxRows: 1000 }, fail);
    await buffer.add(row(1));
    await jest.advanceTimersByTimeAsync(60);
    await buffer.add(row(2));
    expect(batches).toEqual([]);
    await jest.advanceTimersByTimeAsync(40);
    expect(batches).toEqual([[1, 2]]);
    await buffer.add(row(3));
    await jest.advanceTimersByTimeAsync(100);
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('flush() waits for the acknowledgement of every row added so far', async () => {
    let ack!: () => void;
    const buffer = new TimeseriesBuffer(
      async () => ({ acked: new Promise<void>((resolve) => (ack = resolve)) }),
      { timeSpanMs: 60_000, maxRows: 1 },
      fail,
    );
    await buffer.add(row(1));
    let flushed = false;
    const flushing = buffer.flush().then(() => (flushed = true));
    await new Promise((r) => setImmediate(r));
    expect(flushed).toBe(false);
    ack();
    await flushing;
    expect(flushed).toBe(true);
  });

  it('reports a failed background delivery and rejects the next flush with it', async () => {
    const errors: unknown[] = [];
    const failure = new Error('refused');
    const buffer = new TimeseriesBuffer(async () => ({ acked: Promise.reject(failure) }), { timeSpanMs: 60_000, maxRows: 1 }, (e) => errors.push(e));
    await buffer.add(row(1));
    await expect(buffer.flush()).rejects.toBe(failure);
    expect(errors).toEqual([failure]);
  });
});

function fail(error: unknown): never {
  throw error;
}
