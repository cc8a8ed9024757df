import type { IncomingHttpHeaders } from 'node:http';
import type { HubCredentials } from './hub-types.js';

/**
 * The access token a SignalR client sends: `Authorization: Bearer <token>` from Node and
 * `?access_token=<token>` from browsers (a browser WebSocket cannot set headers).
 */
export function hubCredentials(headers: IncomingHttpHeaders, query: URLSearchParams): HubCredentials {
  const authorization = headers.authorization;
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const accessToken = bearer ?? query.get('access_token') ?? undefined;
  return { accessToken: accessToken === '' ? undefined : accessToken, headers };
}
