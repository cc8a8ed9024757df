/**
 * Items a client streams to a hub method (an invocation with streamIds), handed to the method as
 * an AsyncIterable. The connection bounds how much is queued: each item's size is reported through
 * `onTaken` once the method has read it, so reading from the socket can resume.
 */
export class ClientStream implements AsyncIterable<unknown> {
  private readonly items: { item: unknown; bytes: number }[] = [];
  private waiting: ((result: IteratorResult<unknown>) => void) | undefined;
  private failWaiting: ((error: Error) => void) | undefined;
  private ended = false;
  private error: Error | undefined;
  private iterated = false;

  constructor(private readonly onTaken: (bytes: number) => void) {}

  push(item: unknown, bytes: number): void {
    if (this.ended) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.clearWaiting();
      this.onTaken(bytes);
      resolve({ value: item, done: false });
    } else {
      this.items.push({ item, bytes });
    }
  }

  /** The client completed the stream, with an error message or without. */
  end(error?: string): void {
    if (this.ended) return;
    this.ended = true;
    if (error !== undefined) this.error = new Error(`The client ended the stream with an error: ${error}`);
    this.settleWaiting();
  }

  /** Drops what is queued (the method is done or the connection closed); returns its bytes. */
  discard(): void {
    for (const { bytes } of this.items.splice(0)) this.onTaken(bytes);
    if (!this.ended) this.end('the invocation ended before the stream did');
  }

  [Symbol.asyncIterator](): AsyncIterator<unknown> {
    if (this.iterated) throw new Error('A client stream can be read only once.');
    this.iterated = true;
    return { next: () => this.next(), return: async () => (this.discard(), { value: undefined, done: true }) };
  }

  private next(): Promise<IteratorResult<unknown>> {
    const queued = this.items.shift();
    if (queued) {
      this.onTaken(queued.bytes);
      return Promise.resolve({ value: queued.item, done: false });
    }
    if (this.ended) return this.error ? Promise.reject(this.error) : Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  private settleWaiting(): void {
    const resolve = this.waiting;
    const reject = this.failWaiting;
    this.clearWaiting();
    if (this.error) reject?.(this.error);
    else resolve?.({ value: undefined, done: true });
  }

  private clearWaiting(): void {
    this.waiting = undefined;
    this.failWaiting = undefined;
  }
}
