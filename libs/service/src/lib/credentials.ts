import { createHash, timingSafeEqual } from 'node:crypto';

/** Request headers as Node gives them: lower-case names. */
type Headers = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Compares in constant time, the length included (both sides are hashed first), so an attacker
 * learns neither a secret byte by byte nor its length from answer times.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

/** True when `given` equals any of `accepted`; every one is compared, none short-circuited. */
export function anySecret(given: string, accepted: readonly string[]): boolean {
  let found = false;
  for (const secret of accepted) found = sameSecret(given, secret) || found;
  return found;
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive, RFC 6750). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** `user:password` of an `Authorization: Basic <base64>` header (RFC 7617), or undefined. */
export function basicLogin(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const text = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

export const SENDER_AUTH_TYPES = ['none', 'bearer', 'basic', 'api-key'] as const;
export type SenderAuthType = (typeof SENDER_AUTH_TYPES)[number];

export interface SenderAuthSettings {
  type: SenderAuthType;
  /** bearer and api-key: every accepted value (several, for rotation). */
  tokens: readonly string[];
  /** basic: every accepted `user:password`. */
  logins: readonly string[];
  /** api-key: the header carrying the key (any case). */
  header: string;
  /** basic: the realm a 401 names. */
  realm: string;
}

export type SenderAuthVerdict = { ok: true } | { ok: false; reason: string; challenge?: string };

/**
 * Checks the credentials of a sender that does not sign its requests: a bearer token, an HTTP
 * basic login or an API key in a header, each with several accepted values (rotation), compared
 * in constant time. Reasons never hold a secret; `challenge` is the WWW-Authenticate of a 401.
 */
export function createSenderAuth(settings: SenderAuthSettings): (headers: Headers) => SenderAuthVerdict {
  const single = (headers: Headers, name: string): string | undefined | null => {
    const value = headers[name];
    return Array.isArray(value) ? (value.length === 1 ? value[0] : null) : value;
  };
  switch (settings.type) {
    case 'none':
      return () => ({ ok: true });
    case 'bearer':
      return (headers) => {
        const token = bearerToken(single(headers, 'authorization') ?? undefined);
        if (token === undefined) return { ok: false, reason: 'a bearer token is required (Authorization: Bearer ...)', challenge: 'Bearer' };
        return anySecret(token, settings.tokens) ? { ok: true } : { ok: false, reason: 'the bearer token is not accepted', challenge: 'Bearer error="invalid_token"' };
      };
    case 'basic': {
      const challenge = `Basic realm=${JSON.stringify(settings.realm)}, charset="UTF-8"`;
      return (headers) => {
        const login = basicLogin(single(headers, 'authorization') ?? undefined);
        if (login === undefined) return { ok: false, reason: 'a basic login is required (Authorization: Basic ...)', challenge };
        return anySecret(`${login.username}:${login.password}`, settings.logins) ? { ok: true } : { ok: false, reason: 'the user name or password is not accepted', challenge };
      };
    }
    case 'api-key': {
      const name = settings.header.toLowerCase();
      return (headers) => {
        const key = single(headers, name);
        if (key === null) return { ok: false, reason: `the ${settings.header} header is repeated` };
        if (key === undefined || key.length === 0) return { ok: false, reason: `an API key is required in the ${settings.header} header` };
        return anySecret(key, settings.tokens) ? { ok: true } : { ok: false, reason: `the ${settings.header} key is not accepted` };
      };
    }
  }
}
