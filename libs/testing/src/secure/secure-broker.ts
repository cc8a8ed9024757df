import { startJarBroker } from '../kafka/jar-broker.ts';
import { makeTestCertificates, type TestCertificates } from './test-certificates.ts';

export interface SaslUser {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

export interface SecureKafkaBroker {
  /** PLAINTEXT listener, for the test's own read-back. */
  brokers: string[];
  /** The SASL_SSL listener (TLS with the test CA; PLAIN and SCRAM users below). */
  saslSsl: string;
  /**
   * A second SASL_SSL listener whose certificate (same CA) names only `broker.example.invalid`,
   * not the address it is reached at: what `ssl.endpoint.identification.algorithm=none` is for.
   */
  saslSslWrongName: string;
  certificates: TestCertificates;
  users: { plain: SaslUser; scramSha256: SaslUser; scramSha512: SaslUser };
  stop(): Promise<void>;
}

const users = {
  plain: { mechanism: 'plain', username: 'alice', password: 'alice-secret' },
  scramSha256: { mechanism: 'scram-sha-256', username: 'bob', password: 'bob-secret' },
  scramSha512: { mechanism: 'scram-sha-512', username: 'carol', password: 'carol-secret' },
} as const satisfies SecureKafkaBroker['users'];

/**
 * A real Kafka (from the jars) with listeners that speak SASL_SSL, as Quix Cloud and managed
 * clusters do: a throwaway CA made now, PLAIN users in the JAAS config and SCRAM users created
 * when the storage is formatted; one listener's certificate names the address, the other's not.
 */
export async function startSecureKafkaBroker(): Promise<SecureKafkaBroker> {
  const certificates = await makeTestCertificates();
  const scram = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  /** One SASL_SSL listener's settings: the users (per listener in Kafka) and its certificate. */
  const saslSslListener = (name: string, keystoreFile: string) => ({
    [`listener.name.${name}.plain.sasl.jaas.config`]:
      'org.apache.kafka.common.security.plain.PlainLoginModule required ' + `user_${users.plain.username}="${users.plain.password}";`,
    [`listener.name.${name}.scram-sha-256.sasl.jaas.config`]: scram,
    [`listener.name.${name}.scram-sha-512.sasl.jaas.config`]: scram,
    [`listener.name.${name}.ssl.keystore.type`]: 'PEM',
    [`listener.name.${name}.ssl.keystore.location`]: keystoreFile,
  });
  try {
    const broker = await startJarBroker({
      extraListeners: [
        { name: 'SASL_SSL', protocol: 'SASL_SSL', port: 0 },
        { name: 'SASL_SSL_WRONG_NAME', protocol: 'SASL_SSL', port: 0 },
      ],
      extraServerProperties: {
        'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
        ...saslSslListener('sasl_ssl', certificates.keystoreFile),
        ...saslSslListener('sasl_ssl_wrong_name', certificates.wrongNameKeystoreFile),
      },
      formatArgs: [
        '--add-scram',
        `SCRAM-SHA-256=[name=${users.scramSha256.username},password=${users.scramSha256.password}]`,
        '--add-scram',
        `SCRAM-SHA-512=[name=${users.scramSha512.username},password=${users.scramSha512.password}]`,
      ],
    });
    return {
      brokers: broker.brokers,
      saslSsl: broker.listeners['SASL_SSL'] as string,
      saslSslWrongName: broker.listeners['SASL_SSL_WRONG_NAME'] as string,
      certificates,
      users,
      async stop() {
        await broker.stop();
        await certificates.remove();
      },
    };
  } catch (error) {
    await certificates.remove();
    throw error;
  }
}

/** The librdkafka settings for the broker's SASL_SSL listener as `user`, without a CA. */
export function saslSslSettings(broker: SecureKafkaBroker, user: SaslUser): Record<string, string> {
  return {
    'bootstrap.servers': broker.saslSsl,
    'security.protocol': 'SASL_SSL',
    'sasl.mechanism': user.mechanism.toUpperCase(),
    'sasl.username': user.username,
    'sasl.password': user.password,
  };
}

/** The librdkafka settings a Portal API stand-in hands out for the broker's SASL_SSL listener, CA inline. */
export function portalBrokerSettings(broker: SecureKafkaBroker, user: SaslUser): Record<string, string> {
  return { ...saslSslSettings(broker, user), 'ssl.ca.cert': Buffer.from(broker.certificates.caPem).toString('base64') };
}
