import type { Endpoint } from './endpoint-config.js';
import { basicCredentials } from './request-headers.js';

/** Query parameter and header names whose values are taken as credentials. */
const SECRET_NAME = /key|token|secret|pass|sig|auth|credential|session|cookie|code/i;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/gi;
const CENSOR = '[redacted]';
/** Learnt credentials (tokens) remembered for redaction: far more than are ever live at once. */
const MAX_LEARNT = 16;

/** The URL without user info and with secret-looking query values hidden, for logs and metadata. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    for (const name of [...u.searchParams.keys()]) if (SECRET_NAME.test(name)) u.searchParams.set(name, CENSOR);
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

/**
 * Hides credentials in text meant for logs and error messages: every URL in it is redacted as
 * `redactUrl` does, and every configured credential (auth token, password, API key, the values of
 * secret-looking headers and query parameters) is replaced wherever it appears.
 */
export class Redactor {
  private readonly configured: string[];
  private readonly learnt: string[] = [];
  private secrets: string[];

  constructor(endpoints: readonly Endpoint[]) {
    this.configured = endpoints.flatMap(credentialsOf);
    this.secrets = this.sorted();
  }

  /**
   * Hides a credential learnt while running (an OAuth2 access token) from now on. The last
   * MAX_LEARNT are kept: a token refreshed hourly for months must not grow the list for ever.
   */
  learn(secret: string): void {
    if (this.learnt.includes(secret)) return;
    this.learnt.push(secret);
    if (this.learnt.length > MAX_LEARNT) this.learnt.shift();
    this.secrets = this.sorted();
  }

  private sorted(): string[] {
    const secrets = new Set([...this.configured, ...this.learnt].filter((secret) => secret.length >= 3));
    // Longest first, so a secret that contains another is hidden whole.
    return [...secrets].sort((a, b) => b.length - a.length);
  }

  text(text: string): string {
    let out = text.replace(URL_IN_TEXT, (url) => redactUrl(url));
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(CENSOR);
    return out;
  }

  /**
   * An error fit to log: its name, code and message (and those of its cause), redacted, without
   * other properties (a TypeError from `new URL` carries the whole URL in `input`).
   */
  error(error: unknown, depth = 0): Error {
    const source = error instanceof Error ? error : new Error(String(error));
    const cause = depth < 3 && source.cause !== undefined ? { cause: this.error(source.cause, depth + 1) } : undefined;
    const safe = new Error(this.text(source.message), cause);
    safe.name = source.name;
    safe.stack = source.stack === undefined ? undefined : this.text(source.stack);
    const code = (source as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') (safe as Error & { code: unknown }).code = code;
    return safe;
  }
}

function credentialsOf(e: Endpoint): string[] {
  const out: string[] = [];
  const auth = e.auth;
  if (auth.type === 'bearer') out.push(auth.token);
  if (auth.type === 'basic') out.push(auth.password, Buffer.from(`${auth.username}:${auth.password}`).toString('base64'));
  if (auth.type === 'api-key') out.push(auth.key);
  if (auth.type === 'oauth2') {
    out.push(auth.clientSecret, encodeURIComponent(auth.clientSecret), basicCredentials(auth.clientId, auth.clientSecret));
    for (const [name, value] of Object.entries(auth.params)) if (SECRET_NAME.test(name)) out.push(value, encodeURIComponent(value));
  }
  for (const [name, value] of [...Object.entries(e.headers), ...Object.entries(e.query)]) {
    if (!SECRET_NAME.test(name)) continue;
    out.push(value, encodeURIComponent(value));
    // "Bearer <token>", "Basic <base64>": the credential alone too.
    const scheme = /^\S+\s+(\S.*)$/.exec(value);
    if (scheme?.[1]) out.push(scheme[1]);
  }
  try {
    const u = new URL(e.url);
    if (u.password) out.push(u.password, decodeURIComponent(u.password));
    for (const [name, value] of u.searchParams) if (SECRET_NAME.test(name)) out.push(value, encodeURIComponent(value));
  } catch {
    // An invalid URL was refused at start.
  }
  return out;
}
