import type { EndpointHead, EndpointState, StateChange } from './endpoint-state.js';

/** One record of the compacted state topic; a null value deletes its key (a tombstone). */
export interface StateRecord {
  key: string;
  value: string | null;
}

/** An endpoint's id chunks are merged into one once it has more than this many. */
export const MAX_CHUNKS = 64;

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
  /**
   * The next save rewrites the window whole: a send of this endpoint's records failed, or its
   * ids were read from a head record of the earlier format, which the next head replaces.
   */
  rewriteWindow: boolean;
}

/**
 * Endpoint state as records of a compacted topic, written by what changed rather than whole.
 * The head record (key = the endpoint name) holds validators and resume point. Dedupe ids live
 * in chunk records (key = name + " ids " + a sequence number), one per save that published new
 * ids. Chunks that fall wholly out of the id window are deleted with tombstones, and once an
 * endpoint has more than MAX_CHUNKS they are merged into one. So a save costs the ids it adds,
 * and the whole window is rewritten once in MAX_CHUNKS saves, not on every one.
 */
export class StateLog {
  private readonly endpoints = new Map<string, EndpointLog>();

  constructor(private readonly maxIds: number) {}

  /** Rebuilds from the topic's records, read in order; answers each endpoint's state. */
  restore(records: Iterable<StateRecord>): Map<string, EndpointState> {
    const heads = new Map<string, EndpointHead & { ids?: string[] }>();
    const chunks = new Map<string, Map<number, string[]>>();
    for (const { key, value } of records) {
      const mark = key.indexOf(CHUNK_MARK);
      if (mark === -1) {
        if (value === null) heads.delete(key);
        else heads.set(key, JSON.parse(value) as EndpointHead & { ids?: string[] });
        continue;
      }
      const endpoint = key.slice(0, mark);
      const seq = Number(key.slice(mark + CHUNK_MARK.length));
      const ofEndpoint = chunks.get(endpoint) ?? new Map<number, string[]>();
      chunks.set(endpoint, ofEndpoint);
      if (value === null) ofEndpoint.delete(seq);
      else ofEndpoint.set(seq, JSON.parse(value) as string[]);
    }

    const states = new Map<string, EndpointState>();
    for (const endpoint of new Set([...heads.keys(), ...chunks.keys()])) {
      const head = heads.get(endpoint) ?? {};
      const live: Chunk[] = head.ids ? [{ seq: -1, ids: head.ids, inHead: true }] : [];
      const bySeq = [...(chunks.get(endpoint) ?? new Map<number, string[]>())].sort(([a], [b]) => a - b);
      for (const [seq, ids] of bySeq) live.push({ seq, ids });
      const log: EndpointLog = { chunks: live, total: 0, nextSeq: (bySeq.at(-1)?.[0] ?? -1) + 1, rewriteWindow: Boolean(head.ids) };
      log.total = live.reduce((n, c) => n + c.ids.length, 0);
      this.endpoints.set(endpoint, log);
      states.set(endpoint, { ids: live.flatMap((c) => c.ids).slice(-this.maxIds), etag: head.etag, lastModified: head.lastModified, resume: head.resume });
    }
    return states;
  }

  /** The records that make one save durable, in the order they must be written. */
  recordsFor(endpoint: string, change: StateChange): StateRecord[] {
    const log = this.logOf(endpoint);
    const records: StateRecord[] = [];
    const drop = (chunk: Chunk) => {
      if (!chunk.inHead) records.push({ key: chunkKey(endpoint, chunk.seq), value: null });
    };
    if (change.newIds.length > 0) {
      const chunk = { seq: log.nextSeq++, ids: change.newIds };
      log.chunks.push(chunk);
      log.total += chunk.ids.length;
      records.push({ key: chunkKey(endpoint, chunk.seq), value: JSON.stringify(chunk.ids) });
    }
    // Chunks wholly outside the window go.
    while (log.chunks.length > 1 && log.total - log.chunks[0].ids.length >= this.maxIds) {
      const oldest = log.chunks.shift() as Chunk;
      log.total -= oldest.ids.length;
      drop(oldest);
    }
    if (log.chunks.length > MAX_CHUNKS || (log.rewriteWindow && log.chunks.length > 0)) {
      const ids = log.chunks.flatMap((c) => c.ids).slice(-this.maxIds);
      log.chunks.forEach(drop);
      const merged = { seq: log.nextSeq++, ids };
      log.chunks = [merged];
      log.total = ids.length;
      records.push({ key: chunkKey(endpoint, merged.seq), value: JSON.stringify(ids) });
    }
    log.rewriteWindow = false;
    const head: EndpointHead = { etag: change.etag, lastModified: change.lastModified, resume: change.resume };
    records.push({ key: endpoint, value: JSON.stringify(head) });
    return records;
  }

  /** After a failed send of its records: the next save rewrites the endpoint's window whole. */
  afterFailedSend(endpoint: string): void {
    this.logOf(endpoint).rewriteWindow = true;
  }

  private logOf(endpoint: string): EndpointLog {
    let log = this.endpoints.get(endpoint);
    if (!log) {
      log = { chunks: [], total: 0, nextSeq: 0, rewriteWindow: false };
      this.endpoints.set(endpoint, log);
    }
    return log;
  }
}
