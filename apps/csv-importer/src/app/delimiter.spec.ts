import { delimiterOption, detectDelimiter } from './delimiter.js';

describe('delimiter', () => {
  it.each([
    ['a,b,c', ','],
    ['a;b;c', ';'],
    ['a\tb\tc', '\t'],
    ['"x;y",b,c', ','],
    ['single', ','],
    ['a;b,c;d', ';'],
  ])('detects the delimiter of %j', (line, expected) => {
    expect(detectDelimiter(line)).toBe(expected);
  });

  it('uses a configured delimiter as it is, and `tab` for a tab', () => {
    expect(delimiterOption('|', 'a,b')).toBe('|');
    expect(delimiterOption('tab', 'a,b')).toBe('\t');
    expect(delimiterOption('auto', 'a;b')).toBe(';');
  });
});
