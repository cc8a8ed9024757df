import { randomBytes } from 'node:crypto';

export interface Negotiated<P> {
  connectionId: string;
  principal: P;
  expiresAt: number;
}

/** An unguessable id: 16 random bytes, URL-safe. */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Connections negotiated but not yet opened, by connection token. A token is used once, and one
 * not used within the handshake timeout is forgotten, so negotiating alone cannot fill memory.
 */
export class Negotiations<P> {
  private readonly byToken = new Map<string, Negotiated<P>>();

  get size(): number {
    return this.byToken.size;
  }

  add(principal: P, expiresAt: number): { connectionId: string; connectionToken: string } {
    const connectionId = newId();
    const connectionToken = newId();
    this.byToken.set(connectionToken, { connectionId, principal, expiresAt });
    return { connectionId, connectionToken };
  }

  /** The negotiation for this token, removed (a token opens one connection), if it has not expired. */
  take(connectionToken: string, now: number): Negotiated<P> | undefined {
    const found = this.byToken.get(connectionToken);
    this.byToken.delete(connectionToken);
    return found !== undefined && found.expiresAt > now ? found : undefined;
  }

  expire(now: number): void {
    for (const [token, negotiated] of this.byToken) if (negotiated.expiresAt <= now) this.byToken.delete(token);
  }
}
