import { createHmac } from 'node:crypto';
import { anyMatch, checkTimestamp, decode, header, hmacKey, reject, type Verifier } from './verifier.js';

/** The key of a Standard Webhooks secret: base64 after the `whsec_` prefix. */
export function standardWebhooksKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/**
 * Standard Webhooks (Svix and others): HMAC-SHA256 over `"{webhook-id}.{webhook-timestamp}.{body}"`,
 * `webhook-signature` holds space-separated `v1,<base64>` entries (several during rotation; other
 * versions such as the asymmetric `v1a` are ignored). The delivery id is `webhook-id`.
 */
export function standardWebhooksVerifier(secrets: readonly string[], toleranceS: number): Verifier {
  const keys = secrets.map((s) => hmacKey(standardWebhooksKey(s)));
  return {
    verify(rawBody, headers, nowS) {
      const id = header(headers, 'webhook-id');
      const timestamp = header(headers, 'webhook-timestamp');
      const signatures = header(headers, 'webhook-signature');
      if (id === undefined || id === '') return reject('missing webhook-id header');
      if (signatures === undefined) return reject('missing webhook-signature header');
      const late = checkTimestamp(timestamp, nowS, toleranceS);
      if (late) return reject(late);
      const given: Buffer[] = [];
      for (const entry of signatures.split(' ')) {
        const comma = entry.indexOf(',');
        if (entry.slice(0, comma) !== 'v1') continue;
        const bytes = decode(entry.slice(comma + 1), 'base64');
        if (bytes) given.push(bytes);
      }
      if (given.length === 0) return reject('no v1 signature in webhook-signature');
      const expected = keys.map((k) => createHmac('sha256', k).update(`${id}.${timestamp}.`).update(rawBody).digest());
      if (!anyMatch(given, expected)) return reject('signature does not match');
      return { ok: true, deliveryId: id };
    },
  };
}
