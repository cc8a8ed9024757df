import type { EndpointHead, EndpointState, StateChange } from './endpoint-state.js';

/** One record of the compacted state topic; a null value deletes its key (a tombstone). */
export interface StateRecord {
  key: string;
  value: string | null;
}

/** An endpoint's id chunks are merged once it has more than this many. */
export const MAX_CHUNKS = 64;
/** Most bytes of ids in one chunk record, well under Kafka's default max.message.bytes (1 MB). */
export const MAX_CHUNK_BYTES = 256 * 1024;

// Endpoint names are one word, so a key with a space is never an endpoint's head.
const CHUNK_MARK = ' ids ';
export const chunkKey = (endpoint: string, seq: number) => `${endpoint}${CHUNK_MARK}${seq}`;

interface Chunk {
  seq: number;
  ids: string[];
  /** Ids read from a head record of the earlier format: there is no chunk record to delete. */
  inHead?: boolean;
}

interface EndpointLog {
  chunks: Chunk[];
  total: number;
  nextSeq: number;
  /** Its ids were read from a head record of the earlier format, which the next head replaces. */
  rewriteWindow: boolean;
}

/** The records of one save, and what makes them the log's state once they are committed. */
export interface StatePlan {
  records: StateRecord[];
  /** Call once the records are committed; a plan never applied leaves the log as it was. */
  apply(): void;
}

/**
 * Endpoint state as records of a compacted topic, written by what changed rather than whole.
 * The head record (key = the endpoint name) holds validators, resume point and window end. Dedupe ids live
 * in chunk records (key = name + " ids " + a sequence number), one (or more, past
 * MAX_CHUNK_BYTES) per save that published new ids. Chunks that fall wholly out of the id window
 * are deleted with tombstones, and once an endpoint has more than MAX_CHUNKS they are merged. So
 * a save costs the ids it adds, and the whole window is rewritten once in MAX_CHUNKS saves.
 */
export class StateLog {
  private readonly endpoints = new Map<string, EndpointLog>();

  constructor(private readonly maxIds: number) {}

  /** Rebuilds from the state committed so far (key -> value); answers each endpoint's state. */
  restore(state: ReadonlyMap<string, Buffer | string>): Map<string, EndpointState> {
    const heads = new Map<string, EndpointHead & { ids?: string[] }>();
    const chunks = new Map<string, Map<number, string[]>>();
    for (const [key, raw] of state) {
      const mark = key.indexOf(CHUNK_MARK);
      if (mark === -1) {
        heads.set(key, parseRecord(key, raw) as EndpointHead & { ids?: string[] });
        continue;
      }
      const endpoint = key.slice(0, mark);
      const ofEndpoint = chunks.get(endpoint) ?? new Map<number, string[]>();
      chunks.set(endpoint, ofEndpoint);
      ofEndpoint.set(Number(key.slice(mark + CHUNK_MARK.length)), parseRecord(key, raw) as string[]);
    }

    const states = new Map<string, EndpointState>();
    for (const endpoint of new Set([...heads.keys(), ...chunks.keys()])) {
      const head = heads.get(endpoint) ?? {};
      const live: Chunk[] = head.ids ? [{ seq: -1, ids: head.ids, inHead: true }] : [];
      const bySeq = [...(chunks.get(endpoint) ?? new Map<number, string[]>())].sort(([a], [b]) => a - b);
      for (const [seq, ids] of bySeq) live.push({ seq, ids });
      const total = live.reduce((n, c) => n + c.ids.length, 0);
      this.endpoints.set(endpoint, { chunks: live, total, nextSeq: (bySeq.at(-1)?.[0] ?? -1) + 1, rewriteWindow: Boolean(head.ids) });
      states.set(endpoint, { ids: live.flatMap((c) => c.ids).slice(-this.maxIds), etag: head.etag, lastModified: head.lastModified, resume: head.resume, windowEnd: typeof head.windowEnd === 'number' ? head.windowEnd : undefined });
    }
    return states;
  }

  /** The records that make one save durable, in order; the log moves on only when it is applied. */
  plan(endpoint: string, change: StateChange): StatePlan {
    const current = this.endpoints.get(endpoint) ?? { chunks: [], total: 0, nextSeq: 0, rewriteWindow: false };
    const log: EndpointLog = { ...current, chunks: [...current.chunks] };
    const records: StateRecord[] = [];
    const drop = (chunk: Chunk) => {
      if (!chunk.inHead) records.push({ key: chunkKey(endpoint, chunk.seq), value: null });
    };
    const write = (ids: string[]) => {
      for (const part of bySize(ids)) {
        const chunk = { seq: log.nextSeq++, ids: part };
        log.chunks.push(chunk);
        log.total += part.length;
        records.push({ key: chunkKey(endpoint, chunk.seq), value: JSON.stringify(part) });
      }
    };
    write(change.newIds);
    // Chunks wholly outside the window go.
    while (log.chunks.length > 1 && log.total - log.chunks[0].ids.length >= this.maxIds) {
      const oldest = log.chunks.shift() as Chunk;
      log.total -= oldest.ids.length;
      drop(oldest);
    }
    if (log.chunks.length > MAX_CHUNKS || (log.rewriteWindow && log.chunks.length > 0)) {
      const ids = log.chunks.flatMap((c) => c.ids).slice(-this.maxIds);
      log.chunks.forEach(drop);
      log.chunks = [];
      log.total = 0;
      write(ids);
    }
    log.rewriteWindow = false;
    const head: EndpointHead = { etag: change.etag, lastModified: change.lastModified, resume: change.resume, windowEnd: change.windowEnd };
    records.push({ key: endpoint, value: JSON.stringify(head) });
    return { records, apply: () => void this.endpoints.set(endpoint, log) };
  }
}

export class StateUnreadableError extends Error {
  readonly code = 'STATE_UNREADABLE';
  readonly retriable = false;
}

function parseRecord(key: string, raw: Buffer | string): unknown {
  try {
    return JSON.parse(raw.toString());
  } catch (cause) {
    throw new StateUnreadableError(
      `The state topic holds a record under key "${key}" that is not JSON: it was not written by rest-poller. ` +
        'Point STATE_TOPIC at a topic only rest-poller writes, or delete that key with a tombstone.',
      { cause },
    );
  }
}

/** Ids in runs of at most MAX_CHUNK_BYTES of JSON each, in order. */
function bySize(ids: readonly string[]): string[][] {
  const parts: string[][] = [];
  let part: string[] = [];
  let bytes = 2;
  for (const id of ids) {
    const size = Buffer.byteLength(JSON.stringify(id)) + 1;
    if (part.length > 0 && bytes + size > MAX_CHUNK_BYTES) {
      parts.push(part);
      part = [];
      bytes = 2;
    }
    part.push(id);
    bytes += size;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}
