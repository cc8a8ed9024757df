import { decodeMessage, type DecodedPackage } from '@quix-connectors/message-schema';
import type { Subscription, TopicMessage, TopicReader } from '@quix-connectors/quix-producer';
import type { Logger } from '@quix-connectors/service';
import { ActiveStreams, type ActiveStream, type StreamChange } from './active-streams.js';

/** One message of a topic as every reader method needs it. */
export interface FeedPackage {
  topicId: string;
  topicName: string;
  streamId: string;
  decoded: DecodedPackage;
  /** When Kafka took the message, ISO 8601. */
  dateTime: string;
  /** What it changed in the topic's active streams, if anything. */
  change: StreamChange | undefined;
}

export type FeedListener = (pkg: FeedPackage) => void;

export interface FeedHandle {
  streams(): ActiveStream[];
  stop(): Promise<void>;
}

interface Feed {
  listeners: Set<FeedListener>;
  active: ActiveStreams;
  subscription: Promise<Subscription>;
}

/**
 * Reading topics for the reader hub: one Kafka subscription per topic however many clients read
 * it, each message decoded once (either format) and handed to every listener. A topic is read
 * from its end when its first listener comes and no longer once its last one goes.
 */
export class TopicFeeds {
  private readonly feeds = new Map<string, Feed>();

  constructor(
    private readonly reader: TopicReader,
    private readonly topicId: (name: string) => string,
    private readonly logger: Logger,
  ) {}

  async listen(topicName: string, listener: FeedListener): Promise<FeedHandle> {
    const topicId = this.topicId(topicName);
    let feed = this.feeds.get(topicId);
    if (!feed) {
      const created: Feed = { listeners: new Set(), active: new ActiveStreams(topicId, topicName), subscription: Promise.resolve(undefined as never) };
      created.subscription = this.reader.subscribe(topicId, (message) => this.deliver(created, topicName, message));
      created.subscription.catch(() => this.feeds.get(topicId) === created && this.feeds.delete(topicId));
      this.feeds.set(topicId, created);
      feed = created;
    }
    feed.listeners.add(listener);
    const owner = feed;
    try {
      await owner.subscription;
    } catch (error) {
      owner.listeners.delete(listener);
      throw error;
    }
    return {
      streams: () => owner.active.list(),
      stop: async () => {
        owner.listeners.delete(listener);
        if (owner.listeners.size > 0 || this.feeds.get(topicId) !== owner) return;
        this.feeds.delete(topicId);
        await (await owner.subscription).unsubscribe();
      },
    };
  }

  private deliver(feed: Feed, topicName: string, message: TopicMessage): void {
    if (message.value === null) return;
    const decoded = decodeMessage(message.value);
    if (!decoded) return; // not a Quix message (a definition, or foreign data): nothing to show
    const streamId = message.key ?? '';
    const dateTime = new Date(Number(message.timestampMs)).toISOString();
    const pkg: FeedPackage = { topicId: message.topic, topicName, streamId, decoded, dateTime, change: feed.active.observe(streamId, decoded, new Date(Number(message.timestampMs))) };
    for (const listener of feed.listeners) {
      try {
        listener(pkg);
      } catch (err) {
        this.logger.warn({ err, topic: topicName }, 'a reader subscription failed on a message');
      }
    }
  }
}
