import type { EndpointState } from './endpoint-state.js';

/** Where endpoint state lives between polls and across restarts. */
export interface StateStore {
  /** The saved state of every endpoint, read once at start. */
  load(): Promise<Map<string, EndpointState>>;
  /** Resolves once the state is durable. */
  save(endpoint: string, state: EndpointState): Promise<void>;
  close(): Promise<void>;
}

/** State in memory only: for running without a broker (stdout) and for tests. */
export class MemoryStateStore implements StateStore {
  readonly states = new Map<string, EndpointState>();

  async load(): Promise<Map<string, EndpointState>> {
    return new Map(this.states);
  }

  async save(endpoint: string, state: EndpointState): Promise<void> {
    // Pollers replace their state object on every change and never mutate a saved one.
    this.states.set(endpoint, state);
  }

  async close(): Promise<void> {
    return;
  }
}
