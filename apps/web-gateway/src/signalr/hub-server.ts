import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { hubCredentials } from './credentials.js';
import { HubConnection } from './hub-connection.js';
import type { HubEndpoint } from './hub-types.js';
import { Negotiations, newId } from './negotiation.js';
import { DEFAULT_SIGNALR_LIMITS, type SignalrLimits } from './signalr-limits.js';
import { refuseUpgrade, requestUrl } from './upgrade.js';

export interface HubServerOptions<P> {
  endpoints: readonly HubEndpoint<P>[];
  limits?: Partial<SignalrLimits>;
  logger: Logger;
  /** Whether a browser page from this Origin may open a WebSocket to `host` (requests without Origin always may). */
  allowOrigin?: (origin: string, host: string | undefined) => boolean;
  now?: () => number;
}

export interface HubServer {
  readonly connectionCount: number;
  /** Closes every connection with a Close message that lets clients reconnect elsewhere. */
  close(): Promise<void>;
}

/**
 * The SignalR server: `POST <path>/negotiate` routes on `http`, and the WebSocket transport at
 * `<path>` (with `?id=<connectionToken>` after a negotiate, or without when the client skips it).
 * Register it before `http.listen()`; the upgrade listener is on http.server.
 */
export function registerHubServer<P>(http: FastifyInstance, options: HubServerOptions<P>): HubServer {
  const limits: SignalrLimits = { ...DEFAULT_SIGNALR_LIMITS, ...options.limits };
  const now = options.now ?? Date.now;
  const log = options.logger;
  const negotiations = new Negotiations<P>();
  const connections = new Set<HubConnection<P>>();
  // ws holds a whole WebSocket message before handing it over: bound it (the reader checks each record).
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes * 4 });
  let closing = false;
  const full = () => connections.size + negotiations.size >= limits.maxConnections;
  const capMessage = () => `The server is at its limit of ${limits.maxConnections} connections; retry later.`;

  for (const endpoint of options.endpoints) {
    http.post(`${endpoint.path}/negotiate`, async (request, reply) => {
      const query = new URLSearchParams(request.query as Record<string, string>);
      const principal = endpoint.authenticate(hubCredentials(request.headers, query));
      if (principal === null) return reply.code(401).send({ error: 'Unauthorized: a valid access token is required.' });
      negotiations.expire(now());
      if (closing || full()) return reply.code(503).header('retry-after', '5').send({ error: capMessage() });
      const { connectionId, connectionToken } = negotiations.add(principal, now() + limits.handshakeTimeoutMs);
      const version = Number(query.get('negotiateVersion') ?? 0) >= 1 ? 1 : 0;
      const transports = [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }];
      return version === 1
        ? { connectionId, connectionToken, negotiateVersion: 1, availableTransports: transports }
        : { connectionId: connectionToken, negotiateVersion: 0, availableTransports: transports };
    });
  }

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = requestUrl(request);
    const endpoint = options.endpoints.find((e) => e.path === url.pathname);
    if (endpoint === undefined) return refuseUpgrade(socket, 404, `No hub at ${url.pathname}.`);
    const origin = request.headers.origin;
    if (origin !== undefined && options.allowOrigin !== undefined && !options.allowOrigin(origin, request.headers.host)) {
      return refuseUpgrade(socket, 403, `Origin ${origin} is not allowed.`);
    }
    const principal = endpoint.authenticate(hubCredentials(request.headers, url.searchParams));
    if (principal === null) return refuseUpgrade(socket, 401, 'Unauthorized: a valid access token is required.');
    const token = url.searchParams.get('id');
    const negotiated = token === null ? undefined : negotiations.take(token, now());
    if (token !== null && negotiated === undefined) return refuseUpgrade(socket, 404, 'No such connection: negotiate again.');
    if (closing || (negotiated === undefined && full())) return refuseUpgrade(socket, 503, capMessage());
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection: HubConnection<P> = new HubConnection(ws, {
        connectionId: negotiated?.connectionId ?? newId(),
        principal,
        endpoint,
        limits,
        now,
        logger: log,
        onEnd: () => connections.delete(connection),
      });
      connections.add(connection);
    });
  };
  http.server.on('upgrade', upgrade);

  const tickMs = Math.max(5, Math.min(1000, Math.min(limits.keepAliveIntervalMs, limits.clientTimeoutMs, limits.handshakeTimeoutMs) / 4));
  const ticker = setInterval(() => {
    const at = now();
    negotiations.expire(at);
    for (const connection of connections) connection.tick(at);
  }, tickMs);
  ticker.unref();

  return {
    get connectionCount() {
      return connections.size;
    },
    async close() {
      closing = true;
      const open = [...connections];
      for (const connection of open) connection.close('The server is shutting down.', true);
      await Promise.all(open.map((connection) => connection.closed));
      clearInterval(ticker);
      http.server.off('upgrade', upgrade);
      wss.close();
    },
  };
}
