import type { EventRecord } from '@quix-connectors/message-schema';
import type { Headers } from './signature/verifier.js';

export interface EventSettings {
  /** Top-level JSON field whose value is the event id. */
  idField: string;
  /** Lower-case header names copied into the tags. */
  tagHeaders: readonly string[];
  /** Fixed tags of the route (WEBHOOK_ROUTES `tags`). */
  tags?: Readonly<Record<string, string>>;
  /** The tag that carries the route's path (PATH_TAG), and that path. */
  pathTag?: { name: string; path: string };
}

export const DELIVERY_ID_TAG = 'delivery-id';
export const FALLBACK_EVENT_ID = 'webhook';

/** One accepted webhook as a Quix event: id from the body, value = the raw body, tags from headers. */
export function toEvent(
  body: unknown,
  rawBody: Buffer,
  headers: Headers,
  deliveryId: string | undefined,
  timestamp: bigint,
  settings: EventSettings,
): EventRecord {
  const field = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[settings.idField] : undefined;
  // Ids beyond 2^53 arrive as bigint (parseJsonExact), so their digits are kept exactly.
  const id = typeof field === 'string' && field !== '' ? field : typeof field === 'number' || typeof field === 'bigint' ? String(field) : FALLBACK_EVENT_ID;
  const tags: Record<string, string> = { ...settings.tags };
  if (settings.pathTag) tags[settings.pathTag.name] = settings.pathTag.path;
  for (const name of settings.tagHeaders) {
    const value = headers[name];
    if (value !== undefined) tags[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (deliveryId !== undefined) tags[DELIVERY_ID_TAG] = deliveryId;
  return { id, value: rawBody.toString('utf8'), timestamp, tags };
}
