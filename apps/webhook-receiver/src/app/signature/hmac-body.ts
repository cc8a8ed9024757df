import { createHmac } from 'node:crypto';
import { decode, header, hmacKey, reject, sameBytes, type Verifier } from './verifier.js';

export interface HmacBodyOptions {
  algorithm: 'sha1' | 'sha256';
  secrets: readonly string[];
  /** Lower-case header name, e.g. `x-signature` (Segment). */
  header: string;
  encoding: 'hex' | 'base64';
  /** A prefix before the signature, e.g. `sha256=` (GitHub). */
  prefix?: string;
  /** Header whose value names the delivery, for dedupe (e.g. `x-github-delivery`). */
  deliveryIdHeader?: string;
}

/** HMAC over the raw body, in one header: Segment (sha1, hex), GitHub (sha256=hex) and alike. */
export function hmacBodyVerifier(options: HmacBodyOptions): Verifier {
  const keys = options.secrets.map((s) => hmacKey(Buffer.from(s, 'utf8')));
  const prefix = options.prefix ?? '';
  return {
    verify(rawBody, headers) {
      const value = header(headers, options.header);
      if (value === undefined) return reject(`missing ${options.header} header`);
      if (!value.startsWith(prefix)) return reject(`${options.header} does not start with ${prefix}`);
      const given = decode(value.slice(prefix.length), options.encoding);
      if (given === undefined) return reject(`${options.header} is not ${options.encoding}`);
      let found = false;
      for (const key of keys) found = sameBytes(given, createHmac(options.algorithm, key).update(rawBody).digest()) || found;
      if (!found) return reject('signature does not match');
      const deliveryId = options.deliveryIdHeader ? header(headers, options.deliveryIdHeader) : undefined;
      return { ok: true, deliveryId };
    },
  };
}
