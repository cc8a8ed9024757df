import { createHmac } from 'node:crypto';
import { anyMatch, bodyStringField, checkTimestamp, decode, header, hmacKey, reject, type Verifier } from './verifier.js';

/**
 * Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]` over `"{t}.{raw body}"` with
 * HMAC-SHA256. Stripe keeps the event's `id` (`evt_...`, in the body) across redeliveries, so
 * that is the delivery id.
 */
export function stripeVerifier(secrets: readonly string[], toleranceS: number): Verifier {
  const keys = secrets.map((s) => hmacKey(Buffer.from(s, 'utf8')));
  return {
    verify(rawBody, headers, nowS) {
      const value = header(headers, 'stripe-signature');
      if (value === undefined) return reject('missing stripe-signature header');
      let t: string | undefined;
      const given: Buffer[] = [];
      for (const part of value.split(',')) {
        const eq = part.indexOf('=');
        const name = part.slice(0, eq);
        const text = part.slice(eq + 1);
        if (name === 't') t = text;
        else if (name === 'v1') {
          const bytes = decode(text, 'hex');
          if (bytes) given.push(bytes);
        }
      }
      const late = checkTimestamp(t, nowS, toleranceS);
      if (late) return reject(late);
      if (given.length === 0) return reject('no v1 signature in stripe-signature');
      const expected = keys.map((k) => createHmac('sha256', k).update(`${t}.`).update(rawBody).digest());
      if (!anyMatch(given, expected)) return reject('signature does not match');
      return { ok: true, deliveryId: bodyStringField(rawBody, 'id') };
    },
  };
}
