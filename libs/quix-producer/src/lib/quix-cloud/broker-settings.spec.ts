import type { PeerCertificate } from 'node:tls';
import { brokerSettingsFromLibrdkafka } from './broker-settings.js';

const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const saslSsl = { 'bootstrap.servers': 'k:1', 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'PLAIN', 'sasl.username': 'u', 'sasl.password': 'p' };
const map = (settings: Record<string, unknown>) => brokerSettingsFromLibrdkafka(settings);

describe('brokerSettingsFromLibrdkafka', () => {
  it('maps SASL_SSL with SCRAM and an embedded base64 CA', () => {
    expect(
      map({
        'bootstrap.servers': 'k1:9093, k2:9093',
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'SCRAM-SHA-256',
        'sasl.username': 'u',
        'sasl.password': 'p',
        'ssl.ca.cert': Buffer.from(pem).toString('base64'),
      }),
    ).toEqual({
      broker: { brokers: ['k1:9093', 'k2:9093'], ssl: { ca: [pem] }, sasl: { mechanism: 'scram-sha-256', username: 'u', password: 'p' } },
      notes: { ignoredKeys: [], certificateUnverified: false, hostnameUnverified: false },
    });
  });

  it.each([
    [{ 'sasl.mechanism': 'PLAIN' }, 'plain'],
    [{ 'sasl.mechanism': 'SCRAM-SHA-512' }, 'scram-sha-512'],
    [{ 'sasl.mechanisms': 'SCRAM-SHA-256' }, 'scram-sha-256'], // librdkafka's own spelling
    [{ 'sasl.mechanism': 'scram-sha-256', 'sasl.mechanisms': 'SCRAM-SHA-256' }, 'scram-sha-256'],
    [{}, 'plain'], // librdkafka's default
  ])('reads the mechanism from %j', (given, mechanism) => {
    const settings = { 'bootstrap.servers': 'k:1', 'security.protocol': 'sasl_plaintext', 'sasl.username': 'u', 'sasl.password': 'p', ...given };
    expect(map(settings).broker).toEqual({ brokers: ['k:1'], sasl: { mechanism, username: 'u', password: 'p' } });
  });

  it('trusts the system CAs when the settings carry none (no certificates call)', () => {
    expect(map({ 'bootstrap.servers': 'k:1', 'security.protocol': 'SSL' }).broker.ssl).toEqual({});
  });

  it.each([
    [{ 'ssl.ca.pem': pem }, { ca: [pem] }],
    [{ 'ssl.certificate.pem': 'CERT', 'ssl.key.pem': 'KEY', 'ssl.key.password': 'pw' }, { cert: 'CERT', key: 'KEY', passphrase: 'pw' }],
    [{ 'enable.ssl.certificate.verification': false }, { rejectUnauthorized: false }],
    [{ 'enable.ssl.certificate.verification': 'false' }, { rejectUnauthorized: false }],
    [{ 'enable.ssl.certificate.verification': 'true' }, {}],
    [{ 'ssl.endpoint.identification.algorithm': 'https' }, {}],
  ])('TLS from %j', (given, ssl) => {
    expect(map({ ...saslSsl, ...given }).broker.ssl).toEqual(ssl);
  });

  it('turns hostname verification off for ssl.endpoint.identification.algorithm=none, and says so', () => {
    const { broker, notes } = map({ ...saslSsl, 'ssl.endpoint.identification.algorithm': 'None' });
    const ssl = broker.ssl as { checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined };
    expect(ssl.checkServerIdentity?.('127.0.0.1', {} as PeerCertificate)).toBeUndefined();
    expect(notes).toMatchObject({ hostnameUnverified: true, certificateUnverified: false });
  });

  it('says when certificate verification is off', () => {
    expect(map({ ...saslSsl, 'enable.ssl.certificate.verification': false }).notes).toMatchObject({ certificateUnverified: true });
  });

  it('ignores keys that are not connection settings, naming them', () => {
    const { broker, notes } = map({ ...saslSsl, 'client.id': 'theirs', 'statistics.interval.ms': '0', 'broker.version.fallback': '2.0' });
    expect(broker.brokers).toEqual(['k:1']);
    expect(notes.ignoredKeys).toEqual(['statistics.interval.ms', 'broker.version.fallback']);
  });

  it('takes plaintext when no protocol is given', () => {
    expect(map({ 'bootstrap.servers': 'k:1' }).broker).toEqual({ brokers: ['k:1'] });
  });

  it.each([
    [{}, /no bootstrap.servers/],
    [{ ...saslSsl, 'sasl.mechanism': 'GSSAPI' }, /GSSAPI.*not supported/],
    [{ ...saslSsl, 'sasl.mechanism': 'PLAIN', 'sasl.mechanisms': 'SCRAM-SHA-256' }, /disagree/],
    [{ 'bootstrap.servers': 'k:1', 'security.protocol': 'SASL_SSL' }, /no sasl.username/],
    [{ 'bootstrap.servers': 'k:1', 'security.protocol': 'carrier-pigeon' }, /unknown/],
    [{ ...saslSsl, 'ssl.endpoint.identification.algorithm': 'dns' }, /identification.algorithm "dns" is unknown/],
    [{ ...saslSsl, 'enable.ssl.certificate.verification': 'maybe' }, /must be true or false/],
    [{ ...saslSsl, 'ssl.certificate.pem': 'CERT' }, /go together/],
    // security settings this client cannot honour are refused, not ignored
    [{ ...saslSsl, 'ssl.ca.location': '/etc/ca.pem', 'sasl.kerberos.keytab': '/k' }, /needs ssl.ca.location, sasl.kerberos.keytab, which this connector cannot use/],
    [{ ...saslSsl, 'sasl.oauthbearer.method': 'oidc' }, /sasl.oauthbearer.method/],
  ])('refuses settings it cannot use: %j', (settings, message) => {
    expect(() => map(settings)).toThrow(message);
  });
});
