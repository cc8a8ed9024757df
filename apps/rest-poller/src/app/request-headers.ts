import type { Auth } from './endpoint-config.js';

/** The configured headers plus authentication. */
export function requestHeaders(headers: Record<string, string>, auth: Auth): Record<string, string> {
  const out: Record<string, string> = { accept: 'application/json', ...headers };
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
