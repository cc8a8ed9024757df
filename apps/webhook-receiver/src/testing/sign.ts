import { createHmac } from 'node:crypto';

/** Standard Webhooks headers for a body, as a sender signs it. */
export function standardWebhooksHeaders(secret: string, id: string, body: string, nowS: number): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${nowS}.${body}`).digest('base64');
  return { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(nowS), 'webhook-signature': `v1,${signature}` };
}
