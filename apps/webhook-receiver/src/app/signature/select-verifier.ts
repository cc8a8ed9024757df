import { hmacBodyVerifier } from './hmac-body.js';
import { slackVerifier } from './slack.js';
import { standardWebhooksVerifier } from './standard-webhooks.js';
import { stripeVerifier } from './stripe.js';
import type { Verifier } from './verifier.js';

export const SIGNATURE_SCHEMES = ['none', 'hmac-sha1', 'hmac-sha256', 'github', 'stripe', 'slack', 'standard-webhooks'] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

export interface VerifierSettings {
  scheme: SignatureScheme;
  secrets: readonly string[];
  signatureHeader: string;
  signatureEncoding: 'hex' | 'base64';
  toleranceS: number;
}

/** The verifier a configuration asks for. */
export function selectVerifier(settings: VerifierSettings): Verifier {
  const { secrets } = settings;
  switch (settings.scheme) {
    case 'none':
      return { verify: () => ({ ok: true }) };
    case 'hmac-sha1':
    case 'hmac-sha256':
      return hmacBodyVerifier({
        algorithm: settings.scheme === 'hmac-sha1' ? 'sha1' : 'sha256',
        secrets,
        header: settings.signatureHeader,
        encoding: settings.signatureEncoding,
      });
    case 'github':
      return hmacBodyVerifier({
        algorithm: 'sha256',
        secrets,
        header: 'x-hub-signature-256',
        encoding: 'hex',
        prefix: 'sha256=',
        deliveryIdHeader: 'x-github-delivery',
      });
    case 'stripe':
      return stripeVerifier(secrets, settings.toleranceS);
    case 'slack':
      return slackVerifier(secrets, settings.toleranceS);
    case 'standard-webhooks':
      return standardWebhooksVerifier(secrets, settings.toleranceS);
  }
}
