import { brokerSettingsFromLibrdkafka } from './broker-settings.js';

const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('brokerSettingsFromLibrdkafka', () => {
  it('maps SASL_SSL with SCRAM and an embedded base64 CA', () => {
    expect(
      brokerSettingsFromLibrdkafka({
        'bootstrap.servers': 'k1:9093, k2:9093',
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'SCRAM-SHA-256',
        'sasl.username': 'u',
        'sasl.password': 'p',
        'ssl.ca.cert': Buffer.from(pem).toString('base64'),
      }),
    ).toEqual({ brokers: ['k1:9093', 'k2:9093'], ssl: { ca: [pem] }, sasl: { mechanism: 'scram-sha-256', username: 'u', password: 'p' } });
  });

  it.each([
    ['PLAIN', 'plain'],
    ['SCRAM-SHA-512', 'scram-sha-512'],
  ])('reads sasl.mechanism %s', (given, mechanism) => {
    const settings = { 'bootstrap.servers': 'k:1', 'security.protocol': 'sasl_plaintext', 'sasl.mechanism': given, 'sasl.username': 'u', 'sasl.password': 'p' };
    expect(brokerSettingsFromLibrdkafka(settings)).toEqual({ brokers: ['k:1'], sasl: { mechanism, username: 'u', password: 'p' } });
  });

  it('uses the workspace certificate when the settings carry none, and the system CAs when neither', () => {
    const settings = { 'bootstrap.servers': 'k:1', 'security.protocol': 'SSL' };
    expect(brokerSettingsFromLibrdkafka(settings, pem).ssl).toEqual({ ca: [pem] });
    expect(brokerSettingsFromLibrdkafka(settings).ssl).toEqual({});
  });

  it('takes plaintext when no protocol is given', () => {
    expect(brokerSettingsFromLibrdkafka({ 'bootstrap.servers': 'k:1' })).toEqual({ brokers: ['k:1'] });
  });

  it.each([
    [{}, /no bootstrap.servers/],
    [{ 'bootstrap.servers': 'k:1', 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'GSSAPI', 'sasl.username': 'u', 'sasl.password': 'p' }, /GSSAPI.*not supported/],
    [{ 'bootstrap.servers': 'k:1', 'security.protocol': 'SASL_SSL' }, /no sasl.username/],
    [{ 'bootstrap.servers': 'k:1', 'security.protocol': 'carrier-pigeon' }, /unknown/],
  ])('refuses settings it cannot use: %j', (settings, message) => {
    expect(() => brokerSettingsFromLibrdkafka(settings)).toThrow(message);
  });
});
