/** Why a stream connection ended, as the reconnect policy distinguishes it. */
export type DisconnectReason =
  | 'dropped' // an established connection ended: closed, cut, stalled or operational-disconnect
  | 'network' // could not connect: DNS, TCP, TLS, reset before the response
  | 'http' // an HTTP error other than 429, 401 and 403
  | 'rate-limited' // HTTP 429, including TooManyConnections
  | 'usage-capped'; // the account's monthly read cap or its credits are used up: waits USAGE_CAP_RETRY_MS

/** The kinds X's "handling disconnections" page gives waits for; a usage cap waits as configured. */
export type BackoffReason = Exclude<DisconnectReason, 'usage-capped'>;

export const DISCONNECT_REASONS: readonly DisconnectReason[] = ['dropped', 'network', 'http', 'rate-limited', 'usage-capped'];

const NETWORK_STEP_MS = 250;
const NETWORK_MAX_MS = 16_000;
const HTTP_FIRST_MS = 5_000;
const HTTP_MAX_MS = 320_000;
const RATE_LIMIT_FIRST_MS = 60_000;
/** The docs give no ceiling for 429; 16 min outlasts the 15-minute rate-limit window. */
export const RATE_LIMIT_MAX_MS = 960_000;

/**
 * The wait before reconnect attempt `attempt` (1 for the first retry after this kind of failure),
 * exactly as X's "handling disconnections" page asks.
 */
export function reconnectDelayMs(reason: BackoffReason, attempt: number): number {
  const n = Math.max(1, attempt);
  switch (reason) {
    case 'dropped':
      return 0;
    case 'network':
      return Math.min(NETWORK_STEP_MS * n, NETWORK_MAX_MS);
    case 'http':
      return Math.min(HTTP_FIRST_MS * 2 ** Math.min(n - 1, 30), HTTP_MAX_MS);
    case 'rate-limited':
      return Math.min(RATE_LIMIT_FIRST_MS * 2 ** Math.min(n - 1, 30), RATE_LIMIT_MAX_MS);
  }
}

/** Maximum wait of each kind: reaching it is logged as an alert, as the docs advise. */
export function isMaxBackoff(reason: BackoffReason, delayMs: number): boolean {
  const max = { dropped: Infinity, network: NETWORK_MAX_MS, http: HTTP_MAX_MS, 'rate-limited': RATE_LIMIT_MAX_MS }[reason];
  return delayMs >= max;
}

/**
 * Counts consecutive failures per kind. A failure of one kind resets the others' counts (the
 * situation changed); a connection that reached 200 resets them all.
 */
export class ReconnectBackoff {
  private reason: DisconnectReason | undefined;
  private attempt = 0;

  next(reason: BackoffReason): number {
    this.attempt = reason === this.reason ? this.attempt + 1 : 1;
    this.reason = reason;
    return reconnectDelayMs(reason, this.attempt);
  }

  connected(): void {
    this.reason = undefined;
    this.attempt = 0;
  }
}
