import { sameSecret } from '@quix-connectors/service';
import type { TokenGrant } from './gateway-variables.js';

/** What one client may do, decided once when it presents its token. */
export interface Principal {
  /** For logs: the grant's position in TOKENS (never the token). */
  readonly name: string;
  canWrite(topic: string): boolean;
  canRead(topic: string): boolean;
}

export class AccessDenied extends Error {
  constructor(readonly status: 401 | 403, message: string) {
    super(message);
    this.name = 'AccessDenied';
  }
}

const matches = (topics: readonly string[], topic: string) => topics.includes('*') || topics.includes(topic);

/**
 * TOKENS as principals. Every grant is compared (no early exit) so timing says nothing about
 * which one matched. Without tokens and with ALLOW_ANONYMOUS, everyone may do everything.
 */
export class AccessControl {
  constructor(
    private readonly grants: readonly TokenGrant[],
    private readonly anonymous: boolean,
  ) {}

  /** The principal of a token, or null when it is missing or unknown. */
  principalOf(token: string | undefined): Principal | null {
    if (token !== undefined && token.length > 0) {
      let found: number | undefined;
      this.grants.forEach((grant, index) => {
        if (sameSecret(token, grant.token) && found === undefined) found = index;
      });
      if (found !== undefined) return grantPrincipal(this.grants[found] as TokenGrant, `token ${found + 1}`);
    }
    return this.anonymous ? ANONYMOUS : null;
  }
}

function grantPrincipal(grant: TokenGrant, name: string): Principal {
  return {
    name,
    canWrite: (topic) => grant.write && matches(grant.topics, topic),
    canRead: (topic) => grant.read && matches(grant.topics, topic),
  };
}

const ANONYMOUS: Principal = { name: 'anonymous', canWrite: () => true, canRead: () => true };

