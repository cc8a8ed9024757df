import type { RecordMetadata } from 'kafkajs';
import type { Logger } from '../logger.js';

/**
 * Notices when a resend may have been written twice. A send that failed with the broker gone may
 * have been written before it died; the resend carries the same producer id and sequence, and the
 * broker is meant to drop it as a duplicate. A broker that no longer knows the producer writes the
 * byte-identical resend again, without an error: seen when the producer had expired (record-time.ts
 * keeps that from happening for old data; an outage longer than producer.id.expiration.ms still
 * does it), and possible when a broker loses its state otherwise. The client cannot undo that, so
 * it says so: when the resend lands further than the end of the last batch acknowledged on its
 * partition, the records in between are, if this producer is the partition's only writer, the
 * earlier copy of it. Logged with the offsets, and counted.
 */
export class ResendCheck {
  /** Records reported as possibly written twice, since start. */
  possibleDuplicates = 0;
  /** Per topic and partition: where the last acknowledged batch ended, and whether a send failed since. */
  private readonly partitions = new Map<string, { end: bigint; failedSince: boolean }>();

  constructor(private readonly logger: Logger) {}

  /** A send of these partitions failed: the broker may or may not have written it. */
  failed(topic: string, partitions: Iterable<number>): void {
    for (const partition of partitions) {
      const known = this.partitions.get(`${topic}\u0000${partition}`);
      if (known) known.failedSince = true;
    }
  }

  /** A send was acknowledged: `counts` is how many messages it held per partition. */
  acknowledged(topic: string, results: readonly RecordMetadata[], counts: ReadonlyMap<number, number>): void {
    for (const result of results) {
      if (result.baseOffset === undefined) continue;
      const count = counts.get(result.partition) ?? 0;
      const base = BigInt(result.baseOffset);
      const key = `${topic}\u0000${result.partition}`;
      const known = this.partitions.get(key);
      if (known?.failedSince && base > known.end) this.report(topic, result.partition, known.end, base, count);
      this.partitions.set(key, { end: base + BigInt(count), failedSince: false });
    }
  }

  private report(topic: string, partition: number, end: bigint, base: bigint, count: number): void {
    const between = Number(base - end);
    this.possibleDuplicates += Math.min(between, count);
    this.logger.warn(
      { topic, partition, lastAckedEnd: String(end), resentAt: String(base), messages: count, between, possibleDuplicatesTotal: this.possibleDuplicates },
      between === count
        ? `a resend after a failed send landed ${count} records after the last acknowledged batch, as many as it holds: the broker very likely wrote it twice (it lost the producer's state when it died); offsets ${end}..${base - 1n} hold the earlier copy if this producer is the partition's only writer`
        : `a resend after a failed send landed ${between} records after the last acknowledged batch (it holds ${count}): other writers, or an earlier copy the broker failed to drop`,
    );
  }
}
