import { parseJsonExact } from '@quix-connectors/message-schema';
import { RECORD_SEPARATOR } from './message-reader.js';

export const HANDSHAKE_OK = '{}' + RECORD_SEPARATOR;

/** The server's refusal of a handshake: `{"error":...}`, after which it closes the connection. */
export function handshakeErrorFrame(error: string): string {
  return JSON.stringify({ error }) + RECORD_SEPARATOR;
}

/**
 * Checks a HandshakeRequest `{"protocol":"json","version":1}`; returns null when it is accepted,
 * else the reason to send back. Only the JSON hub protocol is spoken here.
 */
export function checkHandshake(text: string): string | null {
  let request: unknown;
  try {
    request = parseJsonExact(text);
  } catch {
    return 'The handshake request is not valid JSON; send {"protocol":"json","version":1} first.';
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return 'The handshake request must be a JSON object such as {"protocol":"json","version":1}.';
  }
  const { protocol, version } = request as Record<string, unknown>;
  if (typeof protocol !== 'string') return 'The handshake request has no protocol; send {"protocol":"json","version":1}.';
  if (protocol !== 'json') return `Requested protocol '${protocol}' is not available; this server speaks 'json' only.`;
  if (version !== 1) return `Requested protocol version ${JSON.stringify(version ?? null)} of 'json' is not available; use version 1.`;
  return null;
}
