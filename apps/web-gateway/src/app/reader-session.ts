import type { HubClient } from '../signalr/hub-types.js';
import { HubError } from '../signalr/protocol-error.js';
import type { Principal } from './access.js';
import { eventData, hasParameter, packageValue, parameterData } from './reader-packages.js';
import type { FeedHandle, FeedPackage, TopicFeeds } from './topic-feeds.js';

type Kind = 'Packages' | 'Parameter' | 'Event' | 'ActiveStreams';

const matches = (wanted: string, actual: string) => wanted === '*' || wanted === actual;
const text = (value: unknown, name: string): string => {
  if (typeof value !== 'string' || value.length === 0) throw new HubError(`${name} must be a non-empty string.`);
  return value;
};

/**
 * One connection's reader subscriptions (the Reader API's methods): each subscription is a
 * listener on its topic's feed that pushes what it matches to this client. `*` matches any
 * stream, parameter or event. Subscribing twice to the same thing is one subscription.
 */
export class ReaderSession {
  private readonly subscriptions = new Map<string, Promise<FeedHandle>>();

  constructor(
    private readonly client: HubClient<Principal>,
    private readonly feeds: TopicFeeds | undefined,
    private readonly maxSubscriptions: number,
  ) {}

  /** Runs a reader method; undefined when `target` is not one. */
  invoke(target: string, args: unknown[]): Promise<unknown> | undefined {
    const method = /^(SubscribeTo|UnsubscribeFrom)(Packages|Parameter|Event|ActiveStreams)$/i.exec(target);
    if (!method) return undefined;
    const kind = (['Packages', 'Parameter', 'Event', 'ActiveStreams'] as const).find((k) => k.toLowerCase() === (method[2] as string).toLowerCase()) as Kind;
    const topic = text(args[0], 'topic');
    const streamId = kind === 'Parameter' || kind === 'Event' ? text(args[1], 'streamId') : '*';
    const id = kind === 'Parameter' || kind === 'Event' ? text(args[2], kind === 'Parameter' ? 'parameterId' : 'eventId') : '*';
    const key = JSON.stringify([kind, topic, streamId, id]);
    if ((method[1] as string).toLowerCase() === 'subscribeto') return this.subscribe(key, kind, topic, streamId, id);
    return this.unsubscribe(key);
  }

  async closeAll(): Promise<void> {
    const all = [...this.subscriptions.values()];
    this.subscriptions.clear();
    await Promise.allSettled(all.map(async (handle) => (await handle).stop()));
  }

  private async subscribe(key: string, kind: Kind, topic: string, streamId: string, id: string): Promise<unknown> {
    if (!this.feeds) throw new HubError('Reading needs Kafka: this gateway publishes to stdout.');
    if (!this.client.principal.canRead(topic)) throw new HubError(`This token may not read topic "${topic}".`);
    let handle = this.subscriptions.get(key);
    if (!handle) {
      if (this.subscriptions.size >= this.maxSubscriptions) throw new HubError(`This connection holds ${this.maxSubscriptions} subscriptions (MAX_SUBSCRIPTIONS_PER_CONNECTION); unsubscribe first.`);
      handle = this.feeds.listen(topic, (pkg) => this.push(kind, streamId, id, pkg));
      this.subscriptions.set(key, handle);
      handle.catch(() => this.subscriptions.get(key) === handle && this.subscriptions.delete(key));
    }
    let feed: FeedHandle;
    try {
      feed = await handle;
    } catch {
      throw new HubError(`Topic "${topic}" cannot be read now (it may not exist); try again.`);
    }
    return kind === 'ActiveStreams' ? feed.streams() : undefined;
  }

  private async unsubscribe(key: string): Promise<void> {
    const handle = this.subscriptions.get(key);
    if (!handle) return;
    this.subscriptions.delete(key);
    await (await handle.catch(() => undefined))?.stop();
  }

  private push(kind: Kind, streamId: string, id: string, pkg: FeedPackage): void {
    const { decoded } = pkg;
    switch (kind) {
      case 'ActiveStreams':
        if (pkg.change) this.client.send('ActiveStreamsChanged', [pkg.change.stream, pkg.change.action]);
        return;
      case 'Packages':
        if (decoded.kind === 'timeseries' || decoded.kind === 'events') {
          this.client.send('PackageReceived', [{ topicId: pkg.topicId, topicName: pkg.topicName, streamId: pkg.streamId, ...packageValue(decoded), dateTime: pkg.dateTime }]);
        }
        return;
      case 'Parameter':
        if (decoded.kind !== 'timeseries' || !matches(streamId, pkg.streamId)) return;
        if (id !== '*' && !hasParameter(decoded.data, id)) return;
        this.client.send('ParameterDataReceived', [parameterData(pkg.topicName, pkg.streamId, decoded.data, id === '*' ? undefined : id)]);
        return;
      case 'Event':
        if (decoded.kind !== 'events' || !matches(streamId, pkg.streamId)) return;
        for (const event of decoded.events) if (matches(id, event.id)) this.client.send('EventDataReceived', [eventData(pkg.topicName, pkg.streamId, event)]);
    }
  }
}
