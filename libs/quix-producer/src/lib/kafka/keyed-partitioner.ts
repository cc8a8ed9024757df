import { Partitioners, type ICustomPartitioner, type PartitionerArgs } from 'kafkajs';

/** Keys remembered per producer; a deployment has one key per stream, far fewer than this. */
const MAX_REMEMBERED_KEYS = 10_000;

/**
 * kafkajs's DefaultPartitioner (the Java client's murmur2 of the key), with each key's answer
 * remembered for its topic's partition count. Every message of a stream has the same key, and
 * kafkajs would otherwise hash it, and copy the partition list, once per message. Messages with a
 * partition of their own or no string key go to the default partitioner unchanged.
 */
export const KeyedPartitioner: ICustomPartitioner = () => {
  const fallback = Partitioners.DefaultPartitioner();
  const remembered = new Map<string, { partitions: number; partition: number }>();
  return (args: PartitionerArgs) => {
    const { topic, partitionMetadata, message } = args;
    if (typeof message.key !== 'string' || (message.partition !== undefined && message.partition !== null)) return fallback(args);
    const id = `${topic}\u0000${message.key}`;
    const known = remembered.get(id);
    if (known?.partitions === partitionMetadata.length) return known.partition;
    const partition = fallback(args);
    if (remembered.size >= MAX_REMEMBERED_KEYS) remembered.clear();
    remembered.set(id, { partitions: partitionMetadata.length, partition });
    return partition;
  };
};

const fakeMetadata = new Map<number, PartitionerArgs['partitionMetadata']>();

/**
 * The partition kafkajs's DefaultPartitioner (the Java client's murmur2) picks for `key` among
 * `count` partitions, without a Kafka call: the delivery queue groups messages by it, so every
 * send goes to one partition.
 */
export function partitionOfKey(partitioner: ReturnType<ICustomPartitioner>, topic: string, key: string, count: number): number {
  let partitionMetadata = fakeMetadata.get(count);
  if (partitionMetadata === undefined) {
    partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));
    fakeMetadata.set(count, partitionMetadata);
  }
  return partitioner({ topic, partitionMetadata, message: { key, value: null } });
}
