import type { EventRecord } from '@quix-connectors/message-schema';
import type { BadRecord } from './bad-record.js';

/** The event id of every dead letter. */
export const DEAD_LETTER_EVENT_ID = 'bad-record';

/** Room kept for the rest of the event (names, where, reason) besides the raw input. */
const ENVELOPE_ROOM_BYTES = 4096;

/**
 * A bad record as a Quix event on the dead-letter topic, so the same tools read it: id
 * `bad-record`, tags `code` and `source`, value the JSON text
 * `{"source","where","code","reason","raw","rawEncoding","rawTruncated","at"}`. The raw input is
 * kept exactly: as text when it is UTF-8, else as base64 of its bytes; it is cut (and says so)
 * only when it would not fit in one message.
 */
export function deadLetterEvent(bad: BadRecord, source: string, timestamp: bigint, maxMessageBytes: number): EventRecord {
  const { raw, rawEncoding } = rawForm(bad.raw);
  // JSON escaping can double a byte's size (and more for control characters): stay well under.
  const limit = Math.max(256, Math.floor((maxMessageBytes - ENVELOPE_ROOM_BYTES) / 7));
  const rawTruncated = raw.length > limit || bad.rawTruncated === true;
  const value = JSON.stringify({
    source,
    where: bad.where,
    code: bad.code,
    reason: bad.reason.slice(0, 2000),
    raw: raw.length > limit ? raw.slice(0, limit) : raw,
    rawEncoding,
    rawTruncated,
    at: new Date(Number(timestamp / 1_000_000n)).toISOString(),
  });
  return { id: DEAD_LETTER_EVENT_ID, value, timestamp, tags: { code: bad.code, source } };
}

function rawForm(raw: string | Uint8Array | undefined): { raw: string; rawEncoding: 'utf8' | 'base64' } {
  if (raw === undefined) return { raw: '', rawEncoding: 'utf8' };
  if (typeof raw === 'string') return { raw: raw.toWellFormed(), rawEncoding: 'utf8' };
  try {
    return { raw: new TextDecoder('utf-8', { fatal: true }).decode(raw), rawEncoding: 'utf8' };
  } catch {
    return { raw: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64'), rawEncoding: 'base64' };
  }
}
