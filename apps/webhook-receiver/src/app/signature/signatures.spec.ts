import { createHmac } from 'node:crypto';
import { selectVerifier, type VerifierSettings } from './select-verifier.js';
import { standardWebhooksKey } from './standard-webhooks.js';
import type { Headers } from './verifier.js';

const NOW = 1_700_000_000;
const body = Buffer.from('{"type":"track","event":"Order Completed","amount":42}');
const hmac = (algorithm: string, key: Buffer | string, data: Buffer | string) => createHmac(algorithm, key).update(data).digest();
const settings = (over: Partial<VerifierSettings>): VerifierSettings => ({
  scheme: 'none',
  secrets: [],
  signatureHeader: 'x-signature',
  signatureEncoding: 'hex',
  toleranceS: 300,
  ...over,
});
const flipped = (b: Buffer, at = 3) => {
  const copy = Buffer.from(b);
  copy[at] ^= 0x01;
  return copy;
};

describe('hmac-sha1 / hmac-sha256 over the body (Segment is sha1 in x-signature)', () => {
  const segment = selectVerifier(settings({ scheme: 'hmac-sha1', secrets: ['old', 'new'] }));
  const sign = (secret: string, data = body) => hmac('sha1', secret, data).toString('hex');

  it.each([
    ['the current secret', { 'x-signature': sign('new') }, true],
    ['the previous secret during rotation', { 'x-signature': sign('old') }, true],
    ['upper-case hex (only canonical text is taken)', { 'x-signature': sign('new').toUpperCase() }, false],
    ['an unknown secret', { 'x-signature': sign('other') }, false],
    ['no header', {}, false],
    ['an empty header', { 'x-signature': '' }, false],
    ['not hex', { 'x-signature': 'zz' + sign('new').slice(2) }, false],
    ['a truncated signature', { 'x-signature': sign('new').slice(0, 38) }, false],
    ['a sha256 signature', { 'x-signature': hmac('sha256', 'new', body).toString('hex') }, false],
  ] as [string, Headers, boolean][])('%s -> accepted: %s', (_name, headers, ok) => {
    expect(segment.verify(body, headers, NOW).ok).toBe(ok);
  });

  it('refuses a body with one flipped byte', () => {
    expect(segment.verify(flipped(body), { 'x-signature': sign('new') }, NOW)).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('reads a configured header and base64 for sha256', () => {
    const v = selectVerifier(settings({ scheme: 'hmac-sha256', secrets: ['k'], signatureHeader: 'x-sig', signatureEncoding: 'base64' }));
    expect(v.verify(body, { 'x-sig': hmac('sha256', 'k', body).toString('base64') }, NOW).ok).toBe(true);
    expect(v.verify(body, { 'x-sig': hmac('sha256', 'k', body).toString('hex') }, NOW).ok).toBe(false);
  });
});

describe('github (X-Hub-Signature-256)', () => {
  it("accepts GitHub's published example and takes X-GitHub-Delivery as the delivery id", () => {
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
    const v = selectVerifier(settings({ scheme: 'github', secrets: ["It's a Secret to Everybody"] }));
    const headers = {
      'x-hub-signature-256': 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
      'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    };
    expect(v.verify(Buffer.from('Hello, World!'), headers, NOW)).toEqual({ ok: true, deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958' });
    expect(v.verify(Buffer.from('Hello, World?'), headers, NOW).ok).toBe(false);
    expect(v.verify(Buffer.from('Hello, World!'), { 'x-hub-signature-256': headers['x-hub-signature-256'].slice(7) }, NOW).ok).toBe(false);
  });
});

describe('stripe (Stripe-Signature)', () => {
  const secret = 'whsec_test_secret';
  const payload = Buffer.from('{"id":"evt_test_webhook","object":"event"}');
  // As stripe-node's generateTestHeaderString builds it.
  const header = (t: number, key = secret, data = payload) => `t=${t},v1=${hmac('sha256', key, `${t}.${data.toString()}`).toString('hex')}`;
  const v = selectVerifier(settings({ scheme: 'stripe', secrets: ['whsec_rotated_out', secret] }));

  it('accepts a valid header, with the event id as the delivery id', () => {
    expect(v.verify(payload, { 'stripe-signature': header(NOW) }, NOW)).toEqual({ ok: true, deliveryId: 'evt_test_webhook' });
  });
  it('accepts several v1 entries and ignores v0 (as in Stripe docs: t=..,v1=..,v0=..)', () => {
    const h = `t=${NOW},v1=${'00'.repeat(32)},v1=${header(NOW).split('v1=')[1]},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39`;
    expect(v.verify(payload, { 'stripe-signature': h }, NOW).ok).toBe(true);
  });
  it.each([
    ['exactly at the tolerance in the past', NOW - 300, true],
    ['expired', NOW - 301, false],
    ['exactly at the tolerance in the future', NOW + 300, true],
    ['from the future', NOW + 301, false],
  ])('a timestamp %s -> %s', (_name, t, ok) => {
    expect(v.verify(payload, { 'stripe-signature': header(t) }, NOW).ok).toBe(ok);
  });
  it.each([
    ['no header', {}],
    ['no timestamp', { 'stripe-signature': header(NOW).replace(/^t=\d+,/, '') }],
    ['no v1', { 'stripe-signature': `t=${NOW}` }],
    ['another secret', { 'stripe-signature': header(NOW, 'whsec_other') }],
    ['a changed timestamp', { 'stripe-signature': header(NOW).replace(`t=${NOW}`, `t=${NOW + 1}`) }],
  ] as [string, Headers][])('refuses %s', (_name, headers) => {
    expect(v.verify(payload, headers, NOW).ok).toBe(false);
  });
  it('refuses a flipped byte', () => {
    expect(v.verify(flipped(payload), { 'stripe-signature': header(NOW) }, NOW).ok).toBe(false);
  });
});

describe('slack (X-Slack-Signature v0)', () => {
  // The worked example of Slack's "Verifying requests from Slack" page (a slash command's form body).
  const example = {
    secret: '8f742231b10e8888abcd99yyyzzz85a5',
    timestamp: 1531420618,
    body: Buffer.from(
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    ),
    signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
  };
  const v = selectVerifier(settings({ scheme: 'slack', secrets: ['rotated-out', example.secret] }));
  const headers = (signature: string, t = example.timestamp) => ({ 'x-slack-signature': signature, 'x-slack-request-timestamp': String(t) });

  it("accepts Slack's own example, signed with the second secret", () => {
    expect(v.verify(example.body, headers(example.signature), example.timestamp)).toEqual({ ok: true });
  });
  it('takes the event_id of an Events API callback as the delivery id', () => {
    const event = Buffer.from('{"type":"event_callback","event_id":"Ev08MFMKH6","event":{"type":"message"}}');
    const signature = `v0=${hmac('sha256', example.secret, Buffer.concat([Buffer.from(`v0:${NOW}:`), event])).toString('hex')}`;
    expect(v.verify(event, headers(signature, NOW), NOW)).toEqual({ ok: true, deliveryId: 'Ev08MFMKH6' });
  });
  it.each([
    ['no headers', {}],
    ['no timestamp', { 'x-slack-signature': example.signature }],
    ['a replayed timestamp', headers(example.signature, example.timestamp - 301)],
    ['a changed timestamp', headers(example.signature, example.timestamp + 1)],
    ['no v0= prefix', headers(example.signature.slice(3))],
    ['upper-case hex', headers(example.signature.toUpperCase().replace('V0=', 'v0='))],
  ] as [string, Headers][])('refuses %s', (_name, given) => {
    expect(v.verify(example.body, given, example.timestamp).ok).toBe(false);
  });
  it('refuses a flipped byte', () => {
    expect(v.verify(flipped(example.body), headers(example.signature), example.timestamp).ok).toBe(false);
  });
});

describe('standard-webhooks', () => {
  // The example of the Standard Webhooks spec and its reference libraries.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const example = {
    body: Buffer.from('{"test": 2432232314}'),
    headers: {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    },
    now: 1614265330,
  };
  const v = selectVerifier(settings({ scheme: 'standard-webhooks', secrets: [secret] }));

  it('accepts the published example, with webhook-id as the delivery id', () => {
    expect(v.verify(example.body, example.headers, example.now)).toEqual({ ok: true, deliveryId: 'msg_p5jXN8AQM9LWM0D4loKWxJek' });
  });
  it('accepts a list with an unknown signature, a v1a entry and the right one (rotation)', () => {
    const headers = { ...example.headers, 'webhook-signature': `v1a,AAAA v1,${Buffer.alloc(32).toString('base64')} ${example.headers['webhook-signature']}` };
    expect(v.verify(example.body, headers, example.now).ok).toBe(true);
  });
  it('accepts a request signed with the second of two secrets', () => {
    const rotated = selectVerifier(settings({ scheme: 'standard-webhooks', secrets: ['whsec_' + Buffer.from('new key').toString('base64'), secret] }));
    expect(rotated.verify(example.body, example.headers, example.now).ok).toBe(true);
  });
  it.each([
    ['expired', example.now + 301],
    ['from the future', example.now - 301],
  ])('refuses a timestamp %s', (_name, now) => {
    expect(v.verify(example.body, example.headers, now)).toMatchObject({ ok: false, reason: expect.stringMatching(/timestamp/) });
  });
  it.each([
    ['a flipped body byte', flipped(example.body), example.headers],
    ['another webhook-id', example.body, { ...example.headers, 'webhook-id': 'msg_other' }],
    ['no webhook-id', example.body, { ...example.headers, 'webhook-id': undefined }],
    ['no signature', example.body, { ...example.headers, 'webhook-signature': undefined }],
    ['a non-numeric timestamp', example.body, { ...example.headers, 'webhook-timestamp': '1614265330.0' }],
  ] as [string, Buffer, Headers][])('refuses %s', (_name, b, headers) => {
    expect(v.verify(b, headers, example.now).ok).toBe(false);
  });
  it('decodes the key after whsec_', () => {
    expect(standardWebhooksKey(secret)).toEqual(Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'));
  });
});

describe('none', () => {
  it('accepts anything, with no delivery id', () => {
    expect(selectVerifier(settings({})).verify(body, {}, NOW)).toEqual({ ok: true });
  });
});
