/**
 * A strict JSON parser for tests that keeps integer literals exact as bigints (nanosecond
 * timestamps ~1.7e18 lose digits as doubles) and rejects duplicate keys.
 *
 * Why not JSON.parse with a reviver: Node 24.21's JSON.parse misreads escaped object keys after an
 * earlier parse built an object with a similar key, e.g. JSON.parse('{"x":0,"\\\\":1}') then
 * JSON.parse('{"x":0,"\\"":1}') gives the key "\\" instead of '"' (Node 20 is right). Decoding
 * our messages with it would report encoder bugs that are not there. String literals on their
 * own are not affected, so escapes are still decoded by JSON.parse, one string at a time.
 */
export function parseExact(text: string): unknown {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at ${i}: ${JSON.stringify(text.slice(i, i + 20))}`);
  };
  const space = () => {
    while (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t') i++;
  };
  const expect = (char: string) => {
    if (text[i] !== char) fail(`expected ${char}`);
    i++;
  };
  const string = (): string => {
    const start = i;
    expect('"');
    while (text[i] !== '"') {
      if (i >= text.length) fail('unterminated string');
      i += text[i] === '\\' ? 2 : 1;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const numberPattern = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const value = (): unknown => {
    space();
    const char = text[i];
    if (char === '{') {
      i++;
      const object: Record<string, unknown> = {};
      space();
      if (text[i] === '}') return i++, object;
      for (;;) {
        space();
        const key = string();
        if (Object.hasOwn(object, key)) fail(`duplicate key ${JSON.stringify(key)}`);
        space();
        expect(':');
        // defineProperty: a key "__proto__" stays an own key, as JSON.parse makes it.
        Object.defineProperty(object, key, { value: value(), enumerable: true, writable: true, configurable: true });
        space();
        if (text[i] === '}') return i++, object;
        expect(',');
      }
    }
    if (char === '[') {
      i++;
      const array: unknown[] = [];
      space();
      if (text[i] === ']') return i++, array;
      for (;;) {
        array.push(value());
        space();
        if (text[i] === ']') return i++, array;
        expect(',');
      }
    }
    if (char === '"') return string();
    for (const [word, result] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) return (i += word.length), result;
    }
    numberPattern.lastIndex = i;
    const match = numberPattern.exec(text) ?? fail('expected a value');
    i += match[0].length;
    return match[2] === undefined && match[3] === undefined ? BigInt(match[0]) : Number(match[0]);
  };
  const result = value();
  space();
  if (i !== text.length) fail('trailing text');
  return result;
}

/** A number as written: integers come back from parseExact as bigints. */
export function asNumber(value: unknown): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  throw new Error(`expected a number, got ${typeof value}`);
}
