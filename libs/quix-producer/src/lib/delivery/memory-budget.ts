/**
 * Bytes the connector holds for Kafka (queued, in flight, or in an open transaction), shared by
 * everything that publishes, so memory is bounded end to end. Taking room waits, first come
 * first served, or (`tryReserve`) says no at once, for sources that answer a caller.
 */
export class MemoryBudget {
  private used = 0;
  /** A `tryReserve` said no since room was last given back. */
  private refused = false;
  private readonly waiters: { bytes: number; wake: () => void }[] = [];

  constructor(readonly maxBytes: number) {}

  get usedBytes(): number {
    return this.used;
  }

  /** Someone is waiting for room, was just refused room, or there is none left. */
  get full(): boolean {
    return this.refused || this.waiters.length > 0 || this.used >= this.maxBytes;
  }

  /** Takes room if it is there now (a lone request larger than the budget fits an empty one). */
  tryReserve(bytes: number): boolean {
    if (this.waiters.length > 0 || !this.fits(bytes)) {
      this.refused = true;
      return false;
    }
    this.used += bytes;
    return true;
  }

  /** Takes room, waiting for it; resolves false (taking nothing) if `signal` aborts first. */
  reserve(bytes: number, signal?: AbortSignal): Promise<boolean> {
    if (this.tryReserve(bytes)) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        bytes,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
        },
      };
      const onAbort = () => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve(false);
        this.wakeWaiters();
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
    this.refused = false;
    this.wakeWaiters();
  }

  private fits(bytes: number): boolean {
    return this.used === 0 || this.used + bytes <= this.maxBytes;
  }

  private wakeWaiters(): void {
    while (this.waiters.length > 0 && this.fits(this.waiters[0].bytes)) {
      const waiter = this.waiters.shift() as { bytes: number; wake: () => void };
      this.used += waiter.bytes;
      waiter.wake();
    }
  }
}
