/**
 * Delivery ids already stored, remembered for a window. Every id lives equally long, so the
 * oldest is always first in the Map's insertion order: expiring and capping are both cheap.
 */
export class DeliveryIds {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxIds: number,
    private readonly now: () => number = Date.now,
  ) {}

  has(id: string): boolean {
    this.expire();
    return this.seen.has(id);
  }

  add(id: string): void {
    if (this.windowMs <= 0) return;
    this.seen.delete(id);
    this.seen.set(id, this.now() + this.windowMs);
    while (this.seen.size > this.maxIds) this.seen.delete(this.seen.keys().next().value as string);
  }

  get size(): number {
    return this.seen.size;
  }

  private expire(): void {
    const now = this.now();
    for (const [id, until] of this.seen) {
      if (until > now) break;
      this.seen.delete(id);
    }
  }
}
