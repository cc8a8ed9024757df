import type { OutgoingMessage } from '../sink/sink.js';

/** One transaction: messages for any topics, and the state records that describe them. */
export interface TransactionContent {
  data: { topic: string; messages: OutgoingMessage[] }[];
  /** Records of the state topic (e.g. an import position); a null value is a tombstone. */
  state: { key: string; value: Buffer | null }[];
}

export function contentBytes(content: TransactionContent): number {
  let bytes = 0;
  for (const { messages } of content.data) for (const m of messages) bytes += m.value.length + m.key.length;
  for (const s of content.state) bytes += s.key.length + (s.value?.length ?? 0);
  return bytes;
}

/** Several commits as one transaction, in order. */
export function mergeContents(contents: readonly TransactionContent[]): TransactionContent {
  const byTopic = new Map<string, OutgoingMessage[]>();
  const state: TransactionContent['state'] = [];
  for (const content of contents) {
    for (const { topic, messages } of content.data) {
      const list = byTopic.get(topic) ?? [];
      for (const m of messages) list.push(m);
      byTopic.set(topic, list);
    }
    for (const s of content.state) state.push(s);
  }
  return { data: [...byTopic].map(([topic, messages]) => ({ topic, messages })), state };
}
