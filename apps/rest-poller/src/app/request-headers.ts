import type { Endpoint } from './endpoint-config.js';

/**
 * The headers of a request to `url`: on the endpoint's own origin its configured headers plus
 * authentication; on any other origin (a pagination link to an allowed origin) only `Accept`,
 * because configured headers and auth are the endpoint's credentials.
 */
export function requestHeaders(endpoint: Pick<Endpoint, 'url' | 'headers' | 'auth'>, url: string): Record<string, string> {
  if (new URL(url).origin !== new URL(endpoint.url).origin) return { accept: 'application/json' };
  const out: Record<string, string> = { accept: 'application/json', ...endpoint.headers };
  const auth = endpoint.auth;
  switch (auth.type) {
    case 'bearer':
      out['authorization'] = `Bearer ${auth.token}`;
      break;
    case 'basic':
      out['authorization'] = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
      break;
    case 'api-key':
      out[auth.header] = auth.key;
      break;
    case 'none':
      break;
  }
  return out;
}
