export { systemClock, sleep, MAX_TIMER_MS, type Clock, type Timer } from './lib/clock.js';
export { backoffDelay, type BackoffPolicy } from './lib/backoff.js';
export { retry, isRetriable, type RetryOptions, type RetryInfo } from './lib/retry.js';
export { fixedRate, type FixedRate, type FixedRateOptions } from './lib/fixed-rate.js';
export { FixedDelayTimers } from './lib/fixed-delay-timers.js';
export { ReportThrottle, type ThrottleVerdict } from './lib/report-throttle.js';
