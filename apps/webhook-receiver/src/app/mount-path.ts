import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Serves one path of an already listening fastify server from another, ready instance. runService
 * listens before it starts the app, and fastify refuses routes after listen, so the webhook route
 * lives in its own instance and is mounted here. Remove once runService starts apps before listen.
 */
export function mountPath(outer: FastifyInstance, path: string, inner: FastifyInstance): void {
  const server = outer.server;
  const existing = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    if ((query < 0 ? url : url.slice(0, query)) === path) inner.routing(request, response);
    else for (const listener of existing) listener.call(server, request, response);
  });
}
