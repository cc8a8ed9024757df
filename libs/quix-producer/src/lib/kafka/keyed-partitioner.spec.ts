import fc from 'fast-check';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { KeyedPartitioner } from './keyed-partitioner.js';

const partitions = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 0, replicas: [0], isr: [0], offlineReplicas: [], partitionErrorCode: 0 }));

describe('KeyedPartitioner', () => {
  it("answers what kafkajs's DefaultPartitioner answers, for any key and partition count, asked once or again", () => {
    const keyed = KeyedPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 64 }), (key, count) => {
        const args = { topic: 't', partitionMetadata: partitions(count), message: { key, value: 'v' } };
        const expected = reference(args);
        expect(keyed(args)).toBe(expected);
        expect(keyed(args)).toBe(expected);
      }),
    );
  });

  it('works the partition out again when the topic gains partitions', () => {
    const keyed = KeyedPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    // A key whose partition differs between 1 and 12 partitions, so a stale answer shows.
    const key = Array.from({ length: 100 }, (_, i) => `stream-${i}`).find(
      (k) => reference({ topic: 't', partitionMetadata: partitions(12), message: { key: k, value: '' } }) !== 0,
    ) as string;
    expect(keyed({ topic: 't', partitionMetadata: partitions(1), message: { key, value: '' } })).toBe(0);
    const after = keyed({ topic: 't', partitionMetadata: partitions(12), message: { key, value: '' } });
    expect(after).not.toBe(0);
    expect(after).toBe(reference({ topic: 't', partitionMetadata: partitions(12), message: { key, value: '' } }));
  });

  it("keeps a message's own partition, 0 included", () => {
    const keyed = KeyedPartitioner();
    expect(keyed({ topic: 't', partitionMetadata: partitions(8), message: { key: 'k', value: '', partition: 5 } })).toBe(5);
    expect(keyed({ topic: 't', partitionMetadata: partitions(8), message: { key: 'k', value: '', partition: 0 } })).toBe(0);
  });

  it('hashes a string key whose partition is null, and a Buffer key, as the default does', () => {
    const keyed = KeyedPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    for (const message of [{ key: 'stream-7', value: '', partition: null as unknown as number }, { key: Buffer.from('stream-7'), value: '' }]) {
      const args = { topic: 't', partitionMetadata: partitions(12), message };
      expect(keyed(args)).toBe(reference(args));
    }
  });

  it('spreads messages without a key over the available partitions, as the default does', () => {
    const keyed = KeyedPartitioner();
    const seen = new Set(Array.from({ length: 8 }, () => keyed({ topic: 't', partitionMetadata: partitions(4), message: { key: null, value: '' } })));
    // Round robin from a random start: 8 messages over 4 partitions reach each twice.
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });
});
