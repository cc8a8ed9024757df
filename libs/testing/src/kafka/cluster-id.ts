import { randomBytes } from 'node:crypto';

/**
 * A KRaft cluster id as `kafka-storage.sh random-uuid` prints it: 16 random bytes in unpadded
 * base64url. Made here rather than by `kafka.tools.StorageTool random-uuid`, which costs a JVM
 * start (about 1 s) on every broker start. Like Kafka's `Uuid.randomUuid()`, it never starts
 * with `-` (command lines would read it as an option).
 */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
