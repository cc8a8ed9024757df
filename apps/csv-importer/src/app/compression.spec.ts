import { detectCompression } from './compression.js';

describe('detectCompression', () => {
  it.each([
    ['gzip magic, any name', 'export', [0x1f, 0x8b, 0x08, 0x00], 'gzip'],
    ['gzip magic, .gz', 'a.csv.gz', [0x1f, 0x8b, 0x08, 0x00], 'gzip'],
    ['zstd magic', 'a.bin', [0x28, 0xb5, 0x2f, 0xfd], 'zstd'],
    ['zip magic', 'data', [0x50, 0x4b, 0x03, 0x04], 'zip'],
    ['text', 'a.csv', [0x69, 0x64, 0x2c, 0x76], 'none'],
    [
      'magic wins over a wrong extension',
      'a.zip',
      [0x1f, 0x8b, 0x08, 0x00],
      'gzip',
    ],
    ['an empty plain file', 'a.csv', [], 'none'],
  ])('%s → %s', (_, name, head, expected) => {
    expect(detectCompression(name, Uint8Array.from(head))).toBe(expected);
  });

  it.each([
    [
      'a.csv.gz',
      [0x69, 0x64],
      /a\.csv\.gz: is named as gzip but does not start as gzip does \(it starts with 69 64\)/,
    ],
    [
      'a.zst',
      [],
      /a\.zst: is named as zstd .*\(it starts with nothing \(it is empty\)\)/,
    ],
    ['A.ZIP', [0x50, 0x4b, 0x05, 0x06], /is named as zip/],
  ])(
    'refuses %s, whose bytes are not what its name says',
    (name, head, message) => {
      expect(() => detectCompression(name, Uint8Array.from(head))).toThrow(
        message,
      );
    },
  );
});
