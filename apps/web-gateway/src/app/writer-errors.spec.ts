import { ProducerError, ShutdownTimeoutError } from '@quix-connectors/quix-producer';
import { asWriterError } from './writer-errors.js';

describe('asWriterError', () => {
  it('answers 504 (outcome unknown) for a write shutdown gave up on after it was sent, never "not written"', () => {
    const answer = asWriterError(new ShutdownTimeoutError('1 record(s) were not acknowledged', true), 5);
    expect(answer?.status).toBe(504);
    expect(answer?.message).toMatch(/may be stored/);
    expect(answer?.retryAfterS).toBeUndefined();
  });

  it('answers 503 with Retry-After for a write that was never sent, or that Kafka gave up on', () => {
    expect(asWriterError(new ShutdownTimeoutError('1 record(s) were not acknowledged', false), 5)).toMatchObject({ status: 503, retryAfterS: 5 });
    expect(asWriterError(new ProducerError('CANCELLED', 'Withdrawn before it was sent.', false), 7)).toMatchObject({ status: 503, retryAfterS: 7 });
  });
});
