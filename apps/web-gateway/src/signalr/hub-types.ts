import type { IncomingHttpHeaders } from 'node:http';

/** What a client presented: the bearer token (header or access_token query) and its headers. */
export interface HubCredentials {
  /** From `Authorization: Bearer <token>` (Node clients) or `?access_token=` (browsers). */
  accessToken?: string;
  headers: IncomingHttpHeaders;
}

/** The server side of one connected client, as hub code sees it. */
export interface HubClient<P> {
  readonly connectionId: string;
  readonly principal: P;
  /**
   * Invokes `target` on the client (no reply expected). Returns false when the connection is
   * closed or was just closed because the client reads too slowly.
   */
  send(target: string, args: readonly unknown[]): boolean;
  /** Closes the connection with a Close message carrying `error` (if any). */
  close(error?: string, allowReconnect?: boolean): void;
}

/** One hub's handling of one connection, from handshake to close. */
export interface HubSession {
  /**
   * Runs the method `target`. Arguments that were client streams (streamIds) come last, each as
   * an AsyncIterable of its items. Throw HubError for a refusal the client should read.
   */
  invoke(target: string, args: unknown[], signal: AbortSignal): unknown;
  /** The connection ended (either side); release what the session holds. */
  closed(): void;
}

export interface HubEndpoint<P> {
  /** The hub's path, e.g. `/hub`: negotiate is at `<path>/negotiate`, the WebSocket at `<path>`. */
  path: string;
  /** The principal for these credentials, or null to refuse with 401. */
  authenticate(credentials: HubCredentials): P | null;
  /** Called once the handshake succeeded. */
  open(client: HubClient<P>): HubSession;
}
