/** Observes the queue for metrics and logs; must not throw. */
export interface QueueObserver {
  /** The queue became full: reading pauses until there is room. */
  onFull(depth: number): void;
  /** Room again after `blockedMs` of paused reading. */
  onRoom(blockedMs: number): void;
}

/**
 * The bounded queue between reading the stream and publishing. The reader `put`s; when full,
 * `put` waits (back-pressure: the socket is not read, TCP slows X down) and the observer is told,
 * so a full queue is loud and counted, and no post is ever dropped. The publisher `take`s
 * batches and `release`s them once Kafka acknowledged them: capacity covers posts not yet acked.
 */
export class PostQueue<T> {
  private items: T[] = [];
  private head = 0;
  private inFlight = 0;
  private roomWaiters: (() => void)[] = [];
  private itemWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    readonly capacity: number,
    private readonly observer: QueueObserver,
    private readonly now: () => number,
  ) {}

  /** Posts waiting or being published, not yet acknowledged. */
  get depth(): number {
    return this.items.length - this.head + this.inFlight;
  }

  /** Queues the item if there is room, and says whether it did: no promise on the hot path. */
  tryPut(item: T): boolean {
    if (this.depth >= this.capacity) return false;
    this.add(item);
    return true;
  }

  /** Resolves when the item is queued; waits while the queue is full. */
  async put(item: T): Promise<void> {
    if (this.tryPut(item)) return;
    const since = this.now();
    this.observer.onFull(this.depth);
    while (this.depth >= this.capacity) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    this.observer.onRoom(this.now() - since);
    this.add(item);
  }

  /** Up to `max` items, waiting for at least one; empty only once closed and drained. */
  async take(max: number): Promise<T[]> {
    while (this.items.length === this.head && !this.closed) await new Promise<void>((resolve) => this.itemWaiters.push(resolve));
    const end = Math.min(this.items.length, this.head + max);
    const batch = this.items.slice(this.head, end);
    this.head = end;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.inFlight += batch.length;
    return batch;
  }

  /** The publisher is done with `count` taken items (acknowledged). */
  release(count: number): void {
    this.inFlight -= count;
    this.wake(this.roomWaiters);
  }

  /** No more puts: `take` returns what is left, then empty batches. */
  close(): void {
    this.closed = true;
    this.wake(this.itemWaiters);
  }

  private add(item: T): void {
    this.items.push(item);
    this.wake(this.itemWaiters);
  }

  private wake(waiters: (() => void)[]): void {
    if (waiters.length === 0) return;
    const all = waiters.splice(0);
    for (const w of all) w();
  }
}
