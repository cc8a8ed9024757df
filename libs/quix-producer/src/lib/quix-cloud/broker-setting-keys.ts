/** The librdkafka keys of the Portal API's broker settings that become client options. */
export const BROKER_SETTING_KEYS: ReadonlySet<string> = new Set([
  'bootstrap.servers',
  'security.protocol',
  'sasl.mechanism',
  'sasl.mechanisms', // librdkafka's own spelling; quixstreams takes either
  'sasl.username',
  'sasl.password',
  'ssl.ca.cert', // base64 PEM, as the Portal sends it
  'ssl.ca.pem', // PEM, as quixstreams renames ssl.ca.cert
  'ssl.certificate.pem',
  'ssl.key.pem',
  'ssl.key.password',
  'ssl.endpoint.identification.algorithm',
  'enable.ssl.certificate.verification',
  'client.id', // ours is set per client; theirs changes nothing about how to connect
]);

/** Any other key under these is a security setting this client cannot honour: refused, not ignored. */
export const UNSUPPORTED_PREFIXES: readonly string[] = ['ssl.', 'sasl.', 'enable.sasl.', 'oauth'];
