import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// patches/kafkajs+2.2.4.patch, sendMessages.js: a send's retry goes to whichever broker leads each
// partition not yet acknowledged, even a broker that already answered for other partitions.

const require = createRequire(__filename);
const path = require.resolve('kafkajs/src/producer/sendMessages.js');
const createSendMessages = require(path) as (
  deps: unknown,
) => (args: unknown) => Promise<{ topicName: string; partition: number }[]>;
const createRetry = require(require.resolve('kafkajs/src/retry/index.js')) as (
  options: unknown,
) => unknown;

interface FakeBroker {
  nodeId: number;
  produced: { partition: number; values: string[] }[];
  failNext: number;
}

/** Two partitions, leaders `leaders[p]`; brokers record what they got and can fail a request. */
function cluster(
  leaders: Record<number, number>,
  brokers: Record<number, FakeBroker>,
) {
  // kafkajs's broker pool hands out the same broker object for a node every time.
  const handles = new Map<number, unknown>();
  const handle = (nodeId: number) => {
    if (!handles.has(nodeId))
      handles.set(nodeId, brokerHandle(nodeId, brokers));
    return handles.get(nodeId);
  };
  return {
    refreshMetadataIfNecessary: async () => undefined,
    refreshMetadata: async () => undefined,
    addMultipleTargetTopics: async () => undefined,
    isConnected: () => true,
    connect: async () => undefined,
    removeBroker: () => undefined,
    findTopicPartitionMetadata: () => [
      { partitionId: 0, leader: leaders[0] },
      { partitionId: 1, leader: leaders[1] },
    ],
    findLeaderForPartitions: (_topic: string, partitions: string[]) => {
      const out: Record<number, number[]> = {};
      for (const p of partitions.map(Number)) (out[leaders[p]] ??= []).push(p);
      return out;
    },
    findBroker: async ({ nodeId }: { nodeId: number }) => handle(nodeId),
  };
}

function brokerHandle(nodeId: number, brokers: Record<number, FakeBroker>) {
  return {
    nodeId,
    produce: async ({
      topicData,
    }: {
      topicData: {
        topicName?: string;
        topic: string;
        partitions: { partition: number; messages: { value: string }[] }[];
      }[];
    }) => {
      const broker = brokers[nodeId];
      if (broker.failNext > 0) {
        broker.failNext -= 1;
        throw Object.assign(new Error('Connection error'), {
          name: 'KafkaJSConnectionError',
          retriable: true,
        });
      }
      for (const { partitions } of topicData)
        for (const p of partitions)
          broker.produced.push({
            partition: p.partition,
            values: p.messages.map((m) => m.value),
          });
      return {
        topics: topicData.map((t) => ({
          topicName: t.topic,
          partitions: t.partitions.map((p) => ({
            partition: p.partition,
            errorCode: 0,
            baseOffset: '0',
          })),
        })),
      };
    },
  };
}

const eosManager = {
  acquireBrokerLock: async () => undefined,
  releaseBrokerLock: async () => undefined,
  isTransactional: () => false,
  getSequence: () => 0,
  updateSequence: () => undefined,
  getProducerId: () => -1,
  getProducerEpoch: () => 0,
  getTransactionalId: () => undefined,
};

describe("kafkajs's send retry (patched)", () => {
  it('is the patched one', () => {
    expect(readFileSync(path, 'utf8')).toContain(
      'Patched by quix-connectors: what a retry leaves out is tracked per partition',
    );
  });

  it('resends a partition whose leader moved to a broker that had already answered for another partition (kafkajs lost it)', async () => {
    const brokers: Record<number, FakeBroker> = {
      1: { nodeId: 1, produced: [], failNext: 0 },
      2: { nodeId: 2, produced: [], failNext: 1 },
    };
    const leaders: Record<number, number> = { 0: 1, 1: 2 };
    const c = cluster(leaders, brokers);
    // After broker 2 fails, the metadata refresh finds partition 1 led by broker 1.
    c.refreshMetadata = async () => void (leaders[1] = 1);
    const send = createSendMessages({
      logger: {
        debug: () => undefined,
        error: () => undefined,
        warn: () => undefined,
        info: () => undefined,
      },
      cluster: c,
      partitioner: ({ message }: { message: { key: string } }) =>
        Number(message.key),
      eosManager,
      retrier: createRetry({
        retries: 3,
        initialRetryTime: 1,
        maxRetryTime: 2,
      }),
    });
    const responses = await send({
      acks: -1,
      timeout: 1000,
      topicMessages: [
        {
          topic: 't',
          messages: [
            { key: '0', value: 'a' },
            { key: '1', value: 'b' },
          ],
        },
      ],
    });
    expect(brokers[1].produced).toEqual([
      { partition: 0, values: ['a'] },
      { partition: 1, values: ['b'] },
    ]);
    expect(responses.map((r) => [r.topicName, r.partition]).sort()).toEqual([
      ['t', 0],
      ['t', 1],
    ]);
  });

  it('does not send again a partition that was acknowledged, when another one is retried', async () => {
    const brokers: Record<number, FakeBroker> = {
      1: { nodeId: 1, produced: [], failNext: 0 },
      2: { nodeId: 2, produced: [], failNext: 2 },
    };
    const send = createSendMessages({
      logger: {
        debug: () => undefined,
        error: () => undefined,
        warn: () => undefined,
        info: () => undefined,
      },
      cluster: cluster({ 0: 1, 1: 2 }, brokers),
      partitioner: ({ message }: { message: { key: string } }) =>
        Number(message.key),
      eosManager,
      retrier: createRetry({
        retries: 3,
        initialRetryTime: 1,
        maxRetryTime: 2,
      }),
    });
    await send({
      acks: -1,
      timeout: 1000,
      topicMessages: [
        {
          topic: 't',
          messages: [
            { key: '0', value: 'a' },
            { key: '1', value: 'b' },
          ],
        },
      ],
    });
    expect(brokers[1].produced).toEqual([{ partition: 0, values: ['a'] }]);
    expect(brokers[2].produced).toEqual([{ partition: 1, values: ['b'] }]);
  });
});
