import { z } from 'zod';

/** Schemas for the shapes environment variables take, with messages that say what to write. */

export const text = () => z.string({ error: 'must be set' }).min(1);

export const positiveInt = () =>
  z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').positive('must be above 0');

export const nonNegativeInt = () =>
  z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more');

export const port = () =>
  z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a port number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535');

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

const hostPort = /^[A-Za-z0-9_.-]+:\d{1,5}$|^\[[0-9A-Fa-f:.]+\]:\d{1,5}$/;

/** A comma-separated list of `host:port` Kafka bootstrap addresses. */
export const brokerList = () =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim().replace(/^[a-z]+:\/\//i, ''))
        .filter((part) => part.length > 0),
    )
    .pipe(
      z
        .array(z.string().regex(hostPort, 'each broker must be host:port, e.g. localhost:9092'))
        .min(1, 'must list at least one host:port'),
    );

export const booleanFlag = () =>
  z
    .string()
    .toLowerCase()
    .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' }))
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const url = () =>
  z
    .string()
    .transform((value) => (/^[a-z]+:\/\//i.test(value) ? value : `https://${value}`))
    .pipe(z.url({ error: 'must be a URL, e.g. https://portal-api.platform.quix.io' }));

/** Node's timers hold at most 2^31 - 1 ms (about 24.8 days); longer ones fire at once. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** A duration in whole ms within [min, max] (max at most what a timer can hold). */
export const durationMs = (range: { min?: number; max?: number } = {}) => {
  const min = range.min ?? 1;
  const max = Math.min(range.max ?? MAX_DURATION_MS, MAX_DURATION_MS);
  const between = `must be between ${min} and ${max} ms`;
  return z.coerce.number({ error: 'must be a whole number of ms' }).int('must be a whole number of ms').min(min, between).max(max, between);
};
