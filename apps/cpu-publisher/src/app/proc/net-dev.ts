import { counters, ProcFormatError } from './proc-format-error.js';

export interface InterfaceCounters {
  name: string;
  receivedBytes: number;
  receivedPackets: number;
  sentBytes: number;
  sentPackets: number;
}

/**
 * /proc/net/dev: two header lines, then `name: ` and 16 counters (8 received: bytes, packets,
 * errs, drop, fifo, frame, compressed, multicast; 8 sent: bytes, packets, ...). A long name
 * touches its colon and first number (`veth0a1b2c3:1234`); names never contain a colon.
 */
export function parseNetDev(text: string): InterfaceCounters[] {
  const lines = text.split('\n');
  if (!lines[1]?.includes('|')) throw new ProcFormatError('/proc/net/dev', lines[0] ?? '', 'two header lines');
  return lines.slice(2).filter((line) => line.trim() !== '').map((line) => {
    const colon = line.indexOf(':');
    const values = colon > 0 ? counters(line.slice(colon + 1).trim().split(/\s+/)) : undefined;
    if (!values || values.length < 16) throw new ProcFormatError('/proc/net/dev', line, '"<interface>: " and 16 counters');
    return { name: line.slice(0, colon).trim(), receivedBytes: values[0], receivedPackets: values[1], sentBytes: values[8], sentPackets: values[9] };
  });
}
