import * as signalR from '@microsoft/signalr';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import type { HubEndpoint } from '../signalr/hub-types.js';
import { type HubServer, registerHubServer } from '../signalr/hub-server.js';
import type { SignalrLimits } from '../signalr/signalr-limits.js';

export interface Harness {
  http: FastifyInstance;
  server: HubServer;
  /** e.g. http://127.0.0.1:PORT */
  base: string;
  close(): Promise<void>;
}

/** A real listening server with the given endpoints, on a free port. */
export async function startHarness<P>(endpoints: HubEndpoint<P>[], limits: Partial<SignalrLimits> = {}): Promise<Harness> {
  const http = Fastify();
  const server = registerHubServer(http, { endpoints, limits, logger: pino({ level: 'silent' }) });
  await http.listen({ port: 0, host: '127.0.0.1' });
  const address = http.server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return {
    http,
    server,
    base: `http://127.0.0.1:${address.port}`,
    async close() {
      await server.close();
      await http.close();
    },
  };
}

/** The official client, built as an app would build it. */
export function officialClient(
  url: string,
  options: signalR.IHttpConnectionOptions = {},
  configure: (builder: signalR.HubConnectionBuilder) => signalR.HubConnectionBuilder = (b) => b,
): signalR.HubConnection {
  const builder = new signalR.HubConnectionBuilder().withUrl(url, options).configureLogging(signalR.LogLevel.None);
  return configure(builder).build();
}

/** Resolves with the error the connection closed with (undefined for a clean close). */
export function closedWith(connection: signalR.HubConnection): Promise<Error | undefined> {
  return new Promise((resolve) => connection.onclose((error) => resolve(error)));
}

/** Polls `check` until it returns true (no timed assertion: jest's timeout bounds the wait). */
export async function eventually(check: () => boolean, stepMs = 10): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, stepMs));
}
