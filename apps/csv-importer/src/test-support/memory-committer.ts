import type { TransactionContent } from '@quix-connectors/quix-producer';
import type { Committer } from '../app/import-file.js';

/**
 * Transactions kept in memory, all or nothing like Kafka's: `failAfter` commits, the next one
 * throws (a crash between commits) and nothing of it is kept.
 */
export class MemoryCommitter implements Committer {
  readonly committed: TransactionContent[] = [];
  constructor(public failAfter = Infinity) {}

  async commit(content: TransactionContent): Promise<void> {
    if (this.committed.length >= this.failAfter) throw new Error('crash');
    this.committed.push(structuredClone(content));
  }

  messages(topic: string): Buffer[] {
    return this.committed.flatMap((t) => t.data.filter((d) => d.topic === topic).flatMap((d) => d.messages.map((m) => Buffer.from(m.value))));
  }

  lastState(key: string): Buffer | undefined {
    const values = this.committed.flatMap((t) => t.state.filter((s) => s.key === key).map((s) => s.value));
    const last = values[values.length - 1];
    return last === null || last === undefined ? undefined : Buffer.from(last);
  }
}
