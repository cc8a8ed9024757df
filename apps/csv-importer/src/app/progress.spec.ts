import { Writable } from 'node:stream';
import pino from 'pino';
import { createProgress, etaSeconds, formatEta } from './progress.js';

describe('the ETA', () => {
  it('is the bytes left at this run\'s rate', () => {
    // 10 MB of 100 MB read in 5 s: 90 MB left at 2 MB/s.
    expect(etaSeconds({ bytes: 10e6, totalBytes: 100e6, rows: 0, badRows: 0 }, 0, 5000)).toBe(45);
    // A resumed run counts only what it read itself.
    expect(etaSeconds({ bytes: 60e6, totalBytes: 100e6, rows: 0, badRows: 0 }, 50e6, 5000)).toBe(20);
  });

  it('is 0 only once every byte is read', () => {
    expect(etaSeconds({ bytes: 99.9e6, totalBytes: 100e6, rows: 0, badRows: 0 }, 0, 20_000)).toBe(1); // 0.02 s left
    expect(etaSeconds({ bytes: 100e6, totalBytes: 100e6, rows: 0, badRows: 0 }, 0, 20_000)).toBe(0);
  });

  it('is unknown until there is a rate, never a made-up 0', () => {
    expect(etaSeconds({ bytes: 0, totalBytes: 100, rows: 0, badRows: 0 }, 0, 10_000)).toBeUndefined();
    expect(etaSeconds({ bytes: 5, totalBytes: 100, rows: 0, badRows: 0 }, 0, 100)).toBeUndefined();
    expect(formatEta(undefined)).toBe('…');
  });

  it.each([
    [0, '0s'],
    [59, '59s'],
    [61, '1m01s'],
    [3725, '1h02m'],
  ])('%i s reads %s', (s, text) => expect(formatEta(s)).toBe(text));
});

/** What a terminal is sent: each write, with the (fake) time it came at. */
class FakeTerminal extends Writable {
  readonly isTTY = true;
  readonly columns = 200;
  readonly writes: { at: number; text: string }[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.writes.push({ at: Date.now(), text: chunk.toString() });
    done();
  }

  /** The bar's frames as drawn: each one written after moving the cursor back to column 1. */
  frames(): { at: number; percent: number; rows: number; eta: string }[] {
    return this.writes.flatMap((w, i) => {
      const frame = /^.* (\d+)% \| (\d+) rows \| \d+ rows\/s \| ETA (\S+) \| bad 0$/.exec(w.text);
      if (!frame) return [];
      expect(this.writes[i - 1]?.text).toBe('\x1b[1G'); // redrawn in place, not scrolled
      return [{ at: w.at, percent: Number(frame[1]), rows: Number(frame[2]), eta: frame[3] }];
    });
  }
}

describe('the progress bar on a terminal', () => {
  const START = 1_000_000;
  beforeEach(() => jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  it('shows a real ETA in every frame of an import (never 0s before the end), then completion', () => {
    const terminal = new FakeTerminal();
    const progress = createProgress({ tty: true, intervalMs: 10_000, logger: pino({ level: 'silent' }), file: 'f.csv', now: () => Date.now(), stream: terminal });
    // 100 MB read at 5 MB/s, one record batch every 250 ms: 20 s in all.
    const total = 100e6;
    for (let ms = 0; ms <= 20_000; ms += 250) {
      const bytes = Math.min(total, (ms / 1000) * 5e6);
      progress.update({ bytes, totalBytes: total, rows: Math.floor(bytes / 100), badRows: 0 });
      jest.advanceTimersByTime(250);
    }
    progress.stop();

    const frames = terminal.frames();
    expect(frames.length).toBeGreaterThanOrEqual(80); // a frame for each update
    const second = (f: { at: number }) => (f.at - START) / 1000;
    for (const f of frames.filter((f) => f.percent < 100)) {
      if (second(f) < 0.5) expect(f.eta).toBe('…'); // no rate yet
      else {
        expect({ at: second(f), eta: f.eta }).not.toEqual({ at: second(f), eta: '0s' });
        // the estimate from bytes and rate: 20 s in all, so 20 - t left (to the second)
        expect(Math.abs(Number(f.eta.replace(/s$/, '')) - (20 - second(f)))).toBeLessThanOrEqual(1);
      }
    }
    expect(frames.find((f) => second(f) === 10)).toMatchObject({ percent: 50, eta: '10s' }); // half the bytes in 10 s
    expect(frames.at(-1)).toMatchObject({ percent: 100, rows: 1_000_000, eta: '0s' });
    expect(terminal.writes.at(-1)?.text).toBe('\n'); // the bar ends its line at the end
  });
});
