import type { Endpoint } from './endpoint-config.js';

/**
 * The headers of a request to `url`: on the endpoint's own origin its configured headers plus
 * authentication; on any other origin (a pagination link to an allowed origin) only `Accept`,
 * because configured headers and auth are the endpoint's credentials. `oauth2Token` is the
 * current access token of an `oauth2` endpoint.
 */
export function requestHeaders(endpoint: Pick<Endpoint, 'url' | 'headers' | 'auth'>, url: string, oauth2Token?: string): Record<string, string> {
  if (!isOwnOrigin(endpoint, url)) return { accept: 'application/json' };
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
    case 'oauth2':
      if (oauth2Token !== undefined) out['authorization'] = `Bearer ${oauth2Token}`;
      break;
    case 'none':
      break;
  }
  return out;
}

/** An endpoint's own origin, the only one its headers and credentials go to. */
export function isOwnOrigin(endpoint: Pick<Endpoint, 'url'>, url: string): boolean {
  return new URL(url).origin === new URL(endpoint.url).origin;
}

/** An OAuth2 client's HTTP Basic credentials (RFC 6749 §2.3.1: id and secret form-encoded first). */
export function basicCredentials(clientId: string, clientSecret: string): string {
  const encode = (text: string) => new URLSearchParams({ v: text }).toString().slice(2);
  return Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64');
}
