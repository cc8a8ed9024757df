import { PostQueue } from './post-queue.js';

describe('PostQueue', () => {
  it('makes a put wait while the queue is full, tells the observer, and never drops', async () => {
    let now = 0;
    const events: string[] = [];
    const queue = new PostQueue<number>(2, { onFull: (d) => events.push(`full ${d}`), onRoom: (ms) => events.push(`room after ${ms}`) }, () => now);
    await queue.put(1);
    await queue.put(2);
    let third = false;
    const putting = queue.put(3).then(() => (third = true));
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    expect(events).toEqual(['full 2']);

    const batch = await queue.take(10);
    expect(batch).toEqual([1, 2]);
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false); // taken but not acknowledged still counts
    now = 40;
    queue.release(2);
    await putting;
    expect(events).toEqual(['full 2', 'room after 40']);
    queue.close();
    expect(await queue.take(10)).toEqual([3]);
    queue.release(1);
    expect(await queue.take(10)).toEqual([]);
    expect(queue.depth).toBe(0);
  });

  it('takes a tryPut at once while there is room and refuses it when full, queueing nothing', async () => {
    const events: string[] = [];
    const queue = new PostQueue<number>(2, { onFull: (d) => events.push(`full ${d}`), onRoom: () => events.push('room') }, () => 0);
    expect(queue.tryPut(1)).toBe(true);
    expect(queue.tryPut(2)).toBe(true);
    expect(queue.tryPut(3)).toBe(false);
    expect(queue.depth).toBe(2);
    expect(events).toEqual([]); // only a put that waits is a full queue worth telling
    expect(await queue.take(10)).toEqual([1, 2]);
    queue.release(2);
    expect(queue.tryPut(4)).toBe(true);
    expect(await queue.take(10)).toEqual([4]);
  });
});
