import { isMaxBackoff, ReconnectBackoff, reconnectDelayMs, type BackoffReason } from './backoff.js';

// X's "handling disconnections" page, as a table: reason, attempt, wait.
describe('reconnectDelayMs', () => {
  it.each<[BackoffReason, number, number]>([
    ['dropped', 1, 0],
    ['dropped', 9, 0],
    ['network', 1, 250],
    ['network', 2, 500],
    ['network', 10, 2_500],
    ['network', 64, 16_000],
    ['network', 1000, 16_000],
    ['http', 1, 5_000],
    ['http', 2, 10_000],
    ['http', 3, 20_000],
    ['http', 7, 320_000],
    ['http', 50, 320_000],
    ['rate-limited', 1, 60_000],
    ['rate-limited', 2, 120_000],
    ['rate-limited', 4, 480_000],
    ['rate-limited', 5, 960_000],
    ['rate-limited', 500, 960_000],
  ])('%s, attempt %d: %d ms', (reason, attempt, ms) => {
    expect(reconnectDelayMs(reason, attempt)).toBe(ms);
  });

  it('flags the maximum of each kind, for alerting', () => {
    expect(isMaxBackoff('network', 16_000)).toBe(true);
    expect(isMaxBackoff('http', 160_000)).toBe(false);
    expect(isMaxBackoff('dropped', 0)).toBe(false);
  });
});

describe('ReconnectBackoff', () => {
  it('counts consecutive failures of one kind, restarts on another kind, and resets once connected', () => {
    const backoff = new ReconnectBackoff();
    expect([backoff.next('http'), backoff.next('http'), backoff.next('network'), backoff.next('network'), backoff.next('http')]).toEqual([5_000, 10_000, 250, 500, 5_000]);
    backoff.connected();
    expect([backoff.next('dropped'), backoff.next('rate-limited'), backoff.next('rate-limited')]).toEqual([0, 60_000, 120_000]);
  });
});
