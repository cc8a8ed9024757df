import { sameSecret } from '@quix-connectors/service';

/**
 * Subscription handshakes some providers make before they send webhooks, answered by the receiver
 * itself and never published:
 * - `slack`: the Events API's signed `url_verification` POST, answered `{"challenge": ...}`;
 * - `echo`: `GET <path>?challenge=<value>` answered with the value as text/plain (Dropbox);
 * - `meta`: `GET <path>?hub.mode=subscribe&hub.challenge=<value>&hub.verify_token=<token>`,
 *   answered with the value when the token is CHALLENGE_VERIFY_TOKEN (Meta, WhatsApp, Instagram).
 */
export const CHALLENGE_KINDS = ['slack', 'echo', 'meta'] as const;
export type ChallengeKind = (typeof CHALLENGE_KINDS)[number];

/** What is echoed: printable ASCII without spaces, as providers send it, so an echo carries no markup or header tricks. */
const ECHOABLE = /^[\x21-\x7e]{1,1024}$/;

export type GetChallengeAnswer = { status: 200; challenge: string } | { status: 400 | 403; message: string };

/** The Slack challenge of a `url_verification` body, if it is one and the route answers it. */
export function slackChallenge(body: unknown, kinds: readonly ChallengeKind[]): GetChallengeAnswer | undefined {
  if (!kinds.includes('slack') || body === null || typeof body !== 'object') return undefined;
  const { type, challenge } = body as { type?: unknown; challenge?: unknown };
  if (type !== 'url_verification') return undefined;
  if (typeof challenge !== 'string' || !ECHOABLE.test(challenge)) return { status: 400, message: 'url_verification without a usable challenge' };
  return { status: 200, challenge };
}

/** The answer to a GET handshake on a route that takes `kinds`; undefined when the request is not one. */
export function getChallenge(query: Readonly<Record<string, unknown>>, kinds: readonly ChallengeKind[], verifyToken: string | undefined): GetChallengeAnswer | undefined {
  const one = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
  if (kinds.includes('meta') && one('hub.mode') !== undefined) {
    const challenge = one('hub.challenge');
    if (one('hub.mode') !== 'subscribe' || challenge === undefined || !ECHOABLE.test(challenge)) return { status: 400, message: 'expected hub.mode=subscribe and a hub.challenge' };
    if (verifyToken === undefined || !sameSecret(one('hub.verify_token') ?? '', verifyToken)) return { status: 403, message: 'hub.verify_token does not match' };
    return { status: 200, challenge };
  }
  if (kinds.includes('echo')) {
    const challenge = one('challenge');
    if (challenge === undefined || !ECHOABLE.test(challenge)) return { status: 400, message: 'expected a challenge parameter' };
    return { status: 200, challenge };
  }
  return undefined;
}
