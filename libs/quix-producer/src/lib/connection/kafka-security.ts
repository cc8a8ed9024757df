import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';
export const SASL_MECHANISMS: readonly SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

/**
 * The TLS options we set, as Node's `tls.connect` takes them (kafkajs passes them through).
 * `rejectUnauthorized: false` and a `checkServerIdentity` that accepts any name come only from
 * broker settings that ask for them (librdkafka's `enable.ssl.certificate.verification=false`,
 * `ssl.endpoint.identification.algorithm=none`).
 */
export type TlsOptions = Pick<ConnectionOptions, 'cert' | 'key' | 'passphrase' | 'servername' | 'rejectUnauthorized' | 'checkServerIdentity'> & {
  ca?: string[];
};

/** TLS and SASL settings in the shape the Kafka client takes them. */
export interface KafkaSecurity {
  ssl?: false | TlsOptions;
  sasl?: SASLOptions;
}

export function saslOptions(mechanism: SaslMechanism, username: string, password: string): SASLOptions {
  switch (mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}

/** Reads librdkafka's mechanism names (`PLAIN`, `SCRAM-SHA-256`, ...) as ours. */
export function parseSaslMechanism(value: string): SaslMechanism | undefined {
  const lower = value.trim().toLowerCase();
  return SASL_MECHANISMS.find((m) => m === lower);
}
