import { FakeClock } from '@quix-connectors/timing/testing';
import { failure, message } from '../../test-support/recording-sink.js';
import { MemoryBudget } from '../delivery/memory-budget.js';
import type { FailureKind } from '../kafka/kafka-errors.js';
import { silentLogger } from '../logger.js';
import type { TransactionContent } from './transaction-content.js';
import { TransactionQueue } from './transaction-queue.js';
import { TransactionFailure, type TransactionalSink } from './transactional-sink.js';

/** Transactions in memory; `down` makes commits and recoveries fail; `lostAnswers` commits but throws. */
class MemoryTransactions implements TransactionalSink {
  readonly description = 'memory';
  readonly committed: TransactionContent[] = [];
  readonly markers: string[] = [];
  down = false;
  lostAnswers = 0;
  refuse = new Set<string>();
  fatal = false;
  recoveries = 0;
  async connect() {
    return new Map<string, Buffer>();
  }
  async commit(content: TransactionContent, marker: string) {
    if (this.fatal) throw new TransactionFailure('sending', { cause: failure('fatal', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED') });
    if (this.down) throw new TransactionFailure('sending', { cause: failure('transient', 'KafkaJSConnectionError') });
    if (content.data.some((d) => d.messages.some((m) => this.refuse.has(m.value.toString())))) {
      throw new TransactionFailure('sending', { cause: failure('refused', 'MESSAGE_TOO_LARGE') });
    }
    this.committed.push(structuredClone(content));
    this.markers.push(marker);
    if (this.lostAnswers > 0) {
      this.lostAnswers -= 1;
      throw new TransactionFailure('committing', { cause: failure('transient', 'KafkaJSConnectionClosedError') });
    }
  }
  async recover(marker: string) {
    this.recoveries += 1;
    if (this.down) throw failure('transient', 'KafkaJSConnectionError');
    return this.markers.at(-1) === marker;
  }
  classify(error: unknown): FailureKind {
    return (error as { kind?: FailureKind }).kind ?? 'transient';
  }
  async disconnect() {
    return;
  }
}

const content = (value: string, state = value): TransactionContent => ({ data: [{ topic: 't', messages: [message(value)] }], state: [{ key: 'k', value: Buffer.from(state) }] });
const values = (sink: MemoryTransactions) => sink.committed.flatMap((c) => c.data.flatMap((d) => d.messages.map((m) => Buffer.from(m.value).toString())));

function queueOn(sink: MemoryTransactions) {
  const clock = new FakeClock();
  const fatal: Error[] = [];
  const queue = new TransactionQueue(sink, {
    budget: new MemoryBudget(1e6),
    maxTransactionBytes: 1e6,
    retry: { initialMs: 100, maxMs: 1000, jitter: 0 },
    stallMs: 5000,
    clock,
    logger: silentLogger,
    onFatal: (e) => fatal.push(e),
  });
  return { queue, clock, fatal };
}

describe('TransactionQueue', () => {
  it('merges commits made while one is under way into the next transaction, in order', async () => {
    const sink = new MemoryTransactions();
    const { queue } = queueOn(sink);
    await Promise.all([queue.commit(content('a')), queue.commit(content('b')), queue.commit(content('c'))]);
    expect(sink.committed.map((c) => c.data[0].messages.map((m) => Buffer.from(m.value).toString()))).toEqual([['a'], ['b', 'c']]);
  });

  it('rides out an outage of minutes: aborts, recovers, commits exactly once', async () => {
    const sink = new MemoryTransactions();
    const { queue, clock } = queueOn(sink);
    sink.down = true;
    let done = false;
    const committing = queue.commit(content('a')).then(() => (done = true));
    await clock.advance(300_000);
    expect(done).toBe(false);
    expect(queue.health().reasons).toEqual(['delivery-failing: KafkaJSConnectionError']);
    sink.down = false;
    await clock.advance(2000);
    await committing;
    expect(values(sink)).toEqual(['a']);
    expect(queue.health().ready).toBe(true);
  });

  it('does not commit twice when the commit answer was lost but the commit happened', async () => {
    const sink = new MemoryTransactions();
    sink.lostAnswers = 1;
    const { queue, clock } = queueOn(sink);
    const committing = queue.commit(content('a'));
    await clock.advance(2000);
    await committing;
    expect(values(sink)).toEqual(['a']);
    expect(sink.recoveries).toBe(1);
  });

  it('refuses only the commit holding a refused record, however commits were merged', async () => {
    const sink = new MemoryTransactions();
    sink.refuse.add('bad');
    const { queue } = queueOn(sink);
    const first = queue.commit(content('a'));
    const rest = [queue.commit(content('b')), queue.commit(content('bad')), queue.commit(content('c'))];
    await first;
    const outcomes = await Promise.allSettled(rest);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'RECORD_REFUSED' });
    expect(values(sink)).toEqual(['a', 'b', 'c']);
  });

  it('fails everything on a fatal error and tells the connector', async () => {
    const sink = new MemoryTransactions();
    sink.fatal = true;
    const { queue, fatal } = queueOn(sink);
    await expect(queue.commit(content('a'))).rejects.toMatchObject({ code: 'DELIVERY_FATAL' });
    expect(fatal).toHaveLength(1);
  });

  it('abandons what is not committed at the shutdown deadline, counting what the source re-reads', async () => {
    const sink = new MemoryTransactions();
    sink.down = true;
    const { queue, clock } = queueOn(sink);
    const a = queue.commit(content('a'), { items: 5, replayable: true });
    a.catch(() => undefined);
    await clock.advance(10_000);
    expect(queue.abandon('deadline')).toEqual({ items: 5, replayableItems: 5 });
    await expect(a).rejects.toMatchObject({ code: 'SHUTDOWN_TIMEOUT' });
    await queue.drain();
  });
});
