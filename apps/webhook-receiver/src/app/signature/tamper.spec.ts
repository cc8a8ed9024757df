import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { selectVerifier, type SignatureScheme } from './select-verifier.js';
import type { Headers } from './verifier.js';

const NOW = 1_700_000_000;
const SECRET = 'whsec_' + Buffer.from('a 24-byte signing secret').toString('base64');
const hmac = (algorithm: string, key: Buffer | string, data: string | Buffer) => createHmac(algorithm, key).update(data).digest();

/** A correctly signed request for each scheme. */
const signers: Record<Exclude<SignatureScheme, 'none'>, (body: Buffer) => Headers> = {
  'hmac-sha1': (b) => ({ 'x-signature': hmac('sha1', SECRET, b).toString('hex') }),
  'hmac-sha256': (b) => ({ 'x-signature': hmac('sha256', SECRET, b).toString('hex') }),
  github: (b) => ({ 'x-hub-signature-256': `sha256=${hmac('sha256', SECRET, b).toString('hex')}`, 'x-github-delivery': 'd-1' }),
  stripe: (b) => ({ 'stripe-signature': `t=${NOW},v1=${hmac('sha256', SECRET, Buffer.concat([Buffer.from(`${NOW}.`), b])).toString('hex')}` }),
  slack: (b) => ({ 'x-slack-request-timestamp': String(NOW), 'x-slack-signature': `v0=${hmac('sha256', SECRET, Buffer.concat([Buffer.from(`v0:${NOW}:`), b])).toString('hex')}` }),
  'standard-webhooks': (b) => {
    const key = Buffer.from(SECRET.slice(6), 'base64');
    const sig = hmac('sha256', key, Buffer.concat([Buffer.from(`msg_1.${NOW}.`), b])).toString('base64');
    return { 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW), 'webhook-signature': `v1,${sig}` };
  },
};

describe.each(Object.keys(signers) as (keyof typeof signers)[])('%s: tampering is never accepted', (scheme) => {
  const verifier = selectVerifier({ scheme, secrets: [SECRET], signatureHeader: 'x-signature', signatureEncoding: 'hex', toleranceS: 300 });
  const sign = signers[scheme];

  it('accepts the untouched request (sanity)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => verifier.verify(Buffer.from(bytes), sign(Buffer.from(bytes)), NOW).ok));
  });

  it('refuses any modified body', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), fc.uint8Array({ maxLength: 256 }), (a, b) => {
        fc.pre(!Buffer.from(a).equals(Buffer.from(b)));
        return !verifier.verify(Buffer.from(b), sign(Buffer.from(a)), NOW).ok;
      }),
    );
  });

  it('refuses any modified signing header value', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, at, bit) => {
        const body = Buffer.from(bytes);
        const headers = sign(body);
        const signed = Object.keys(headers).filter((n) => n !== 'x-github-delivery');
        const name = signed[at % signed.length];
        const value = Buffer.from(headers[name] as string);
        const i = at % value.length;
        value[i] = (value[i] ^ bit) & 0x7f; // stays ASCII, always differs unless bit only touched 0x80
        fc.pre(value.toString() !== headers[name]);
        return !verifier.verify(body, { ...headers, [name]: value.toString() }, NOW).ok;
      }),
    );
  });
});
