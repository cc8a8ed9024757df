import { ProducerError } from '../errors.js';
import { parseSaslMechanism, saslOptions, type KafkaSecurity } from '../connection/kafka-security.js';

export interface BrokerSettings extends KafkaSecurity {
  brokers: string[];
}

/**
 * Turns the Portal API's librdkafka settings (`bootstrap.servers`, `security.protocol`,
 * `sasl.mechanism`, `sasl.username`, `sasl.password`, `ssl.ca.cert` as base64 PEM) into the Kafka
 * client's. `caPem` is the workspace certificate when the settings carry none.
 */
export function brokerSettingsFromLibrdkafka(settings: Record<string, unknown>, caPem?: string): BrokerSettings {
  const text = (key: string) => (typeof settings[key] === 'string' ? (settings[key] as string) : undefined);
  const servers = text('bootstrap.servers');
  if (!servers) throw invalid('it has no bootstrap.servers');
  const brokers = servers.split(',').map((s) => s.trim()).filter(Boolean);

  const protocol = (text('security.protocol') ?? 'plaintext').toLowerCase();
  if (!['plaintext', 'ssl', 'sasl_plaintext', 'sasl_ssl'].includes(protocol)) throw invalid(`security.protocol "${protocol}" is unknown`);
  const result: BrokerSettings = { brokers };

  if (protocol === 'ssl' || protocol === 'sasl_ssl') {
    const embedded = text('ssl.ca.cert');
    const ca = embedded ? Buffer.from(embedded, 'base64').toString('utf8') : caPem;
    result.ssl = ca ? { ca: [ca] } : {};
  }
  if (protocol === 'sasl_plaintext' || protocol === 'sasl_ssl') {
    const mechanismName = text('sasl.mechanism') ?? 'PLAIN';
    const mechanism = parseSaslMechanism(mechanismName);
    if (!mechanism) throw invalid(`sasl.mechanism "${mechanismName}" is not supported (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 are)`);
    const username = text('sasl.username');
    const password = text('sasl.password');
    if (!username || !password) throw invalid('it has no sasl.username or sasl.password');
    result.sasl = saslOptions(mechanism, username, password);
  }
  return result;
}

function invalid(reason: string): ProducerError {
  return new ProducerError('PORTAL_REQUEST_FAILED', `The Quix Portal API's broker settings cannot be used: ${reason}.`, false);
}
