import { ProducerError } from '../errors.js';
import { parseSaslMechanism, saslOptions, type KafkaSecurity, type TlsOptions } from '../connection/kafka-security.js';
import { BROKER_SETTING_KEYS, UNSUPPORTED_PREFIXES } from './broker-setting-keys.js';

export interface BrokerSettings extends KafkaSecurity {
  brokers: string[];
}

/** What the mapping did not turn into client options, for the caller to log (never values: they may be secrets). */
export interface BrokerSettingsNotes {
  /** Keys that are not librdkafka connection settings quixstreams knows: ignored. */
  ignoredKeys: string[];
  /** `enable.ssl.certificate.verification` was false: the broker's certificate is not checked at all. */
  certificateUnverified: boolean;
  /** `ssl.endpoint.identification.algorithm` was `none`: the certificate need not name the broker's address. */
  hostnameUnverified: boolean;
}

/**
 * Turns the Portal API's librdkafka settings into the Kafka client's, as quixstreams reads them
 * (its `ConnectionConfig.from_librdkafka_dict`): `bootstrap.servers`, `security.protocol`,
 * `sasl.mechanism` or `sasl.mechanisms`, `sasl.username`, `sasl.password`, the CA as `ssl.ca.cert`
 * (base64 PEM) or `ssl.ca.pem`, a client certificate (`ssl.certificate.pem`, `ssl.key.pem`,
 * `ssl.key.password`), `ssl.endpoint.identification.algorithm` and
 * `enable.ssl.certificate.verification`. Without a CA the system's CAs are trusted.
 *
 * quixstreams rejects every key it does not know. Here a security setting this client cannot
 * honour (any other `ssl.*` or `sasl.*` key: Kerberos, OAuth, files, engines, cipher lists) is
 * refused, since connecting without it would not be the connection the workspace describes; any
 * other key is ignored and named in `notes`, so a Portal that adds a harmless key does not stop a
 * connector that ran for months.
 */
export function brokerSettingsFromLibrdkafka(settings: Record<string, unknown>): { broker: BrokerSettings; notes: BrokerSettingsNotes } {
  const keys = Object.keys(settings).filter((key) => settings[key] !== null && settings[key] !== undefined);
  const unsupported = keys.filter((key) => !BROKER_SETTING_KEYS.has(key) && UNSUPPORTED_PREFIXES.some((p) => key.startsWith(p)));
  if (unsupported.length > 0) throw invalid(`it needs ${unsupported.join(', ')}, which this connector cannot use`);
  const notes: BrokerSettingsNotes = {
    ignoredKeys: keys.filter((key) => !BROKER_SETTING_KEYS.has(key) && !unsupported.includes(key)),
    certificateUnverified: flag(settings, 'enable.ssl.certificate.verification') === false,
    hostnameUnverified: false,
  };

  const servers = text(settings, 'bootstrap.servers');
  if (!servers) throw invalid('it has no bootstrap.servers');
  const brokers = servers.split(',').map((s) => s.trim()).filter(Boolean);
  const protocol = (text(settings, 'security.protocol') ?? 'plaintext').toLowerCase();
  if (!['plaintext', 'ssl', 'sasl_plaintext', 'sasl_ssl'].includes(protocol)) throw invalid(`security.protocol "${protocol}" is unknown`);
  const broker: BrokerSettings = { brokers };
  if (protocol === 'ssl' || protocol === 'sasl_ssl') {
    const identification = (text(settings, 'ssl.endpoint.identification.algorithm') ?? 'https').toLowerCase();
    if (identification !== 'https' && identification !== 'none') throw invalid(`ssl.endpoint.identification.algorithm "${identification}" is unknown (none or https)`);
    notes.hostnameUnverified = identification === 'none';
    broker.ssl = tlsOptions(settings, notes);
  }
  if (protocol === 'sasl_plaintext' || protocol === 'sasl_ssl') broker.sasl = sasl(settings);
  return { broker, notes };
}

function tlsOptions(settings: Record<string, unknown>, notes: BrokerSettingsNotes): TlsOptions {
  const embedded = text(settings, 'ssl.ca.cert');
  const ca = embedded ? Buffer.from(embedded, 'base64').toString('utf8') : text(settings, 'ssl.ca.pem');
  const cert = text(settings, 'ssl.certificate.pem');
  const key = text(settings, 'ssl.key.pem');
  const passphrase = text(settings, 'ssl.key.password');
  if (Boolean(cert) !== Boolean(key)) throw invalid('ssl.certificate.pem and ssl.key.pem go together');
  return {
    ...(ca ? { ca: [ca] } : {}),
    ...(cert && key ? { cert, key } : {}),
    ...(passphrase ? { passphrase } : {}),
    ...(notes.certificateUnverified ? { rejectUnauthorized: false } : {}),
    ...(notes.hostnameUnverified ? { checkServerIdentity: () => undefined } : {}),
  };
}

function sasl(settings: Record<string, unknown>): KafkaSecurity['sasl'] {
  const singular = text(settings, 'sasl.mechanism');
  const plural = text(settings, 'sasl.mechanisms');
  if (singular && plural && singular.toUpperCase() !== plural.toUpperCase()) {
    throw invalid(`sasl.mechanism "${singular}" and sasl.mechanisms "${plural}" disagree`);
  }
  const mechanismName = singular ?? plural ?? 'PLAIN';
  const mechanism = parseSaslMechanism(mechanismName);
  if (!mechanism) throw invalid(`sasl.mechanism "${mechanismName}" is not supported (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 are)`);
  const username = text(settings, 'sasl.username');
  const password = text(settings, 'sasl.password');
  if (!username || !password) throw invalid('it has no sasl.username or sasl.password');
  return saslOptions(mechanism, username, password);
}

const text = (settings: Record<string, unknown>, key: string) => (typeof settings[key] === 'string' && settings[key] !== '' ? (settings[key] as string) : undefined);

/** librdkafka booleans arrive as JSON booleans or as the strings "true"/"false". */
function flag(settings: Record<string, unknown>, key: string): boolean | undefined {
  const value = settings[key];
  if (value === undefined || value === null || typeof value === 'boolean') return value ?? undefined;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalid(`${key} must be true or false`);
}

function invalid(reason: string): ProducerError {
  return new ProducerError('PORTAL_REQUEST_FAILED', `The Quix Portal API's broker settings cannot be used: ${reason}.`, false);
}
