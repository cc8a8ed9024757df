import type { EndpointState, StateChange } from './endpoint-state.js';

/** Where endpoint state lives between polls and across restarts. */
export interface StateStore {
  /** The saved state of every endpoint, read once at start. */
  load(): Promise<Map<string, EndpointState>>;
  /** Resolves once the change is durable. */
  save(endpoint: string, change: StateChange): Promise<void>;
  close(): Promise<void>;
}

/** State in memory only: for running without a broker (stdout) and for tests. */
export class MemoryStateStore implements StateStore {
  private readonly states = new Map<string, EndpointState>();

  constructor(private readonly maxIds = Number.POSITIVE_INFINITY) {}

  async load(): Promise<Map<string, EndpointState>> {
    return new Map([...this.states].map(([name, state]) => [name, { ...state, ids: state.ids.slice(-this.maxIds) }]));
  }

  async save(endpoint: string, change: StateChange): Promise<void> {
    const ids = this.states.get(endpoint)?.ids ?? [];
    ids.push(...change.newIds);
    // Trimmed only once twice the window has gathered, so a save costs its new ids, not the window.
    if (ids.length > 2 * this.maxIds) ids.splice(0, ids.length - this.maxIds);
    this.states.set(endpoint, { ids, etag: change.etag, lastModified: change.lastModified, resume: change.resume });
  }

  async close(): Promise<void> {
    return;
  }
}
