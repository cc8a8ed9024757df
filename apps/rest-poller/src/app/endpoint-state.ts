import type { PageRequest } from './pagination.js';

/** What an endpoint remembers between polls and across restarts. */
export interface EndpointState {
  /** Ids published most recently, oldest first, at most the configured number. */
  ids: string[];
  etag?: string;
  lastModified?: string;
  /** Where the next poll continues when the last one stopped at the page limit or an error. */
  resume?: PageRequest;
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
