import { createHmac } from 'node:crypto';
import { anyMatch, bodyStringField, checkTimestamp, decode, header, hmacKey, reject, type Verifier } from './verifier.js';

/**
 * Slack (Events API, slash commands, interactivity): `X-Slack-Signature: v0=<hex>` over
 * `"v0:{X-Slack-Request-Timestamp}:{raw body}"` with HMAC-SHA256 and the app's signing secret.
 * Slack keeps an event's `event_id` across its retries, so that is the delivery id.
 */
export function slackVerifier(secrets: readonly string[], toleranceS: number): Verifier {
  const keys = secrets.map((s) => hmacKey(Buffer.from(s, 'utf8')));
  return {
    verify(rawBody, headers, nowS) {
      const timestamp = header(headers, 'x-slack-request-timestamp');
      const late = checkTimestamp(timestamp, nowS, toleranceS);
      if (late) return reject(late);
      const value = header(headers, 'x-slack-signature');
      if (value === undefined) return reject('missing x-slack-signature header');
      const given = value.startsWith('v0=') ? decode(value.slice(3), 'hex') : undefined;
      if (!given) return reject('malformed x-slack-signature (expected v0=<hex>)');
      const expected = keys.map((k) => createHmac('sha256', k).update(`v0:${timestamp}:`).update(rawBody).digest());
      if (!anyMatch([given], expected)) return reject('signature does not match');
      return { ok: true, deliveryId: bodyStringField(rawBody, 'event_id') };
    },
  };
}
