import type { DecodedPackage } from '@quix-connectors/message-schema';

/** A stream as `ActiveStreamsChanged` describes it. */
export interface ActiveStream {
  streamId: string;
  topicId: string;
  topicName: string;
  name: string | null;
  location: string | null;
  metadata: Record<string, string>;
  parents: string[];
  parameters: string[];
  events: string[];
  firstSeen: string;
  lastSeen: string;
  status: 'Receiving' | 'Closed';
}

export type StreamChange = { stream: ActiveStream; action: 'AddUpdate' | 'Remove' };

/**
 * The streams seen on one topic since it was first read, from what passes through: properties,
 * the parameters and event ids each carries, when it was last seen, and its end. Tells what
 * changed (a new stream, a new parameter, new properties, the end) and forgets ended streams.
 * At most `maxStreams` are remembered (the longest unseen goes first).
 */
export class ActiveStreams {
  private readonly streams = new Map<string, ActiveStream>();

  constructor(
    private readonly topicId: string,
    private readonly topicName: string,
    private readonly maxStreams = 10_000,
  ) {}

  list(): ActiveStream[] {
    return [...this.streams.values()];
  }

  /** What `decoded` (a message of `streamId`) changed, if anything a subscriber should hear. */
  observe(streamId: string, decoded: DecodedPackage, at: Date): StreamChange | undefined {
    const seen = at.toISOString();
    let stream = this.streams.get(streamId);
    if (decoded.kind === 'end') {
      if (!stream) return undefined;
      this.streams.delete(streamId);
      return { stream: { ...stream, lastSeen: seen, status: 'Closed' }, action: 'Remove' };
    }
    let changed = false;
    if (!stream) {
      stream = { streamId, topicId: this.topicId, topicName: this.topicName, name: null, location: null, metadata: {}, parents: [], parameters: [], events: [], firstSeen: seen, lastSeen: seen, status: 'Receiving' };
      this.remember(streamId, stream);
      changed = true;
    } else {
      // Most recently seen last, so the first is the one to forget.
      this.streams.delete(streamId);
      this.streams.set(streamId, stream);
    }
    stream.lastSeen = seen;
    if (decoded.kind === 'properties') {
      const p = decoded.properties;
      Object.assign(stream, { name: p.name ?? null, location: p.location ?? null, metadata: { ...(p.metadata ?? {}) }, parents: [...(p.parents ?? [])] });
      changed = true;
    } else if (decoded.kind === 'timeseries') {
      const d = decoded.data;
      changed = addNew(stream.parameters, [...Object.keys(d.numericValues), ...Object.keys(d.stringValues), ...Object.keys(d.binaryValues)]) || changed;
    } else {
      changed = addNew(stream.events, decoded.events.map((e) => e.id)) || changed;
    }
    return changed ? { stream: { ...stream }, action: 'AddUpdate' } : undefined;
  }

  private remember(streamId: string, stream: ActiveStream): void {
    if (this.streams.size >= this.maxStreams) {
      const oldest = this.streams.keys().next().value;
      if (oldest !== undefined) this.streams.delete(oldest);
    }
    this.streams.set(streamId, stream);
  }
}

function addNew(known: string[], ids: readonly string[]): boolean {
  let added = false;
  for (const id of ids) {
    if (known.includes(id) || known.length >= 1000) continue;
    known.push(id);
    added = true;
  }
  return added;
}
