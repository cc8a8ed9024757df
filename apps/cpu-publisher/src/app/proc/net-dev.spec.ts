import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseNetDev } from './net-dev.js';

// The fixture was captured from the development machine (a 2-core VM) with `cp /proc/...`.
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

describe('parseNetDev', () => {
  it('reads every interface of a captured /proc/net/dev', () => {
    const interfaces = parseNetDev(fixture('net-dev.txt'));
    expect(interfaces.map((i) => i.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    const lo = interfaces[0];
    expect(lo.receivedBytes).toBeGreaterThan(0);
    // loopback sends exactly what it receives
    expect([lo.sentBytes, lo.sentPackets]).toEqual([lo.receivedBytes, lo.receivedPackets]);
  });

  it('takes received and sent bytes and packets from their columns, also when a long name touches its colon', () => {
    const text = 'Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\nveth0a1b2c3:1000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0\n';
    expect(parseNetDev(text)).toEqual([{ name: 'veth0a1b2c3', receivedBytes: 1000, receivedPackets: 10, sentBytes: 2000, sentPackets: 20 }]);
  });

  it('round-trips any counters written in the kernel format', () => {
    const counter = fc.maxSafeInteger().filter((n) => n >= 0);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z0-9._-]{0,14}$/), fc.array(counter, { minLength: 16, maxLength: 16 }), (name, values) => {
        const text = `Inter-|\n face |\n${name.padStart(6)}: ${values.join(' ')}\n`;
        expect(parseNetDev(text)).toEqual([{ name, receivedBytes: values[0], receivedPackets: values[1], sentBytes: values[8], sentPackets: values[9] }]);
      }),
    );
  });

  it('says what is wrong with a line that is not an interface', () => {
    expect(() => parseNetDev('Inter-|\n face |\neth0 1 2 3\n')).toThrow(/\/proc\/net\/dev: expected/);
    expect(() => parseNetDev('eth0: 1 2 3\n')).toThrow(/two header lines/);
  });
});
