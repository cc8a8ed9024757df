import type { SASLOptions } from 'kafkajs';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';
export const SASL_MECHANISMS: readonly SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

/** TLS and SASL settings in the shape the Kafka client takes them. */
export interface KafkaSecurity {
  ssl?: false | { ca?: string[]; cert?: string; key?: string; servername?: string };
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
