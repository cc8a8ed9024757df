import type { PageRequest } from './pagination.js';

/** An endpoint's validators and resume point: small, and rewritten whole when they change. */
export interface EndpointHead {
  etag?: string;
  lastModified?: string;
  /** Where the next poll continues when the last one stopped at the page limit or an error. */
  resume?: PageRequest;
  /** The end of the last completed time window, ms since the epoch: where the next window starts. */
  windowEnd?: number;
}

/** What an endpoint remembers between polls and across restarts. */
export interface EndpointState extends EndpointHead {
  /** Ids published most recently, oldest first, at most the configured number. */
  ids: string[];
}

/** What a poll changed: the new head, and the ids published since the last save (oldest first). */
export interface StateChange extends EndpointHead {
  newIds: string[];
}

/** The ids already published, bounded: adding past the limit forgets the oldest. */
export class SeenIds {
  private readonly ids: Set<string>;

  constructor(
    ids: readonly string[],
    private readonly max: number,
  ) {
    this.ids = new Set(ids.slice(-max));
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  addAll(ids: readonly string[]): void {
    for (const id of ids) {
      this.ids.delete(id);
      this.ids.add(id);
    }
    let excess = this.ids.size - this.max;
    for (const id of this.ids) {
      if (excess-- <= 0) break;
      this.ids.delete(id);
    }
  }

  toArray(): string[] {
    return [...this.ids];
  }
}
