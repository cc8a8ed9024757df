import { PassThrough } from 'node:stream';
import { StdoutSink } from './stdout-sink.js';

describe('StdoutSink', () => {
  it('writes one JSON line per message with the value verbatim, so big integers stay exact', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (c) => chunks.push(c.toString()));
    await new StdoutSink(out).send('topic', [
      { key: 'host-1', value: Buffer.from('{"Timestamp":1700000000000000001,"cpu":1.5}'), timestamp: '1700000000000' },
    ]);
    expect(chunks.join('')).toBe(
      '{"topic":"topic","key":"host-1","timestamp":"1700000000000","value":{"Timestamp":1700000000000000001,"cpu":1.5}}\n',
    );
  });
});
