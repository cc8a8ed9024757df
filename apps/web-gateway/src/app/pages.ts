import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

export interface GatewayPages {
  publicDir: string;
  /** @microsoft/signalr's browser bundle (signalr.min.js). */
  signalrClient: string;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/**
 * The gateway's own pages (public/: the mouse writer and reader) and the official SignalR browser
 * client they load, read once at start: a handful of small files, served from memory.
 */
export function registerPages(http: FastifyInstance, pages: GatewayPages | undefined): void {
  if (pages === undefined || !existsSync(pages.publicDir)) return;
  const { publicDir } = pages;
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const name of readdirSync(publicDir)) {
    const type = TYPES[extname(name)];
    if (type) files.set(`/${name}`, { type, body: readFileSync(join(publicDir, name)) });
  }
  // The official browser client, from the installed package: the pages use exactly that.
  files.set('/signalr.min.js', { type: TYPES['.js'] as string, body: readFileSync(pages.signalrClient) });
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  for (const [path, file] of files) {
    http.get(path, async (_request, reply) => reply.type(file.type).header('cache-control', 'no-cache').send(file.body));
  }
}
