import { parse, variable, type ConfigOf, type CrossCheck } from '@quix-connectors/config';
import { connectionKind } from './connection/kafka-endpoint.js';
import { SASL_MECHANISMS, type SaslMechanism } from './connection/kafka-security.js';
import { MESSAGE_FORMATS, type MessageFormat } from '@quix-connectors/message-schema';
import { BAD_RECORD_POLICIES, type BadRecordPolicy } from './refusals/bad-record.js';

export interface ProducerDefaults {
  /** The app's output topic when `output` is unset. */
  topic: string;
  /** Buffer time span, ms (Quix's quick start uses 100). */
  bufferTimeSpanMs?: number;
  bufferMaxRows?: number;
  /** KAFKA_LINGER_MS default (5, as librdkafka); apps that answer a caller after the ack use 0. */
  lingerMs?: number;
  /** BAD_RECORD_POLICY default: `skip` for services, `fail` for jobs a person watches. */
  badRecordPolicy?: BadRecordPolicy;
  /** Other names of BAD_RECORD_POLICY an app has used (csv-importer: BAD_ROW_POLICY). */
  badRecordPolicyAliases?: string[];
}

/**
 * The variables every app reads to publish: where to (topic, broker or Quix Cloud), in which
 * format, and how the producer buffers. Quix deployments set these names.
 */
export function producerVariables(defaults: ProducerDefaults) {
  const timeSpan = defaults.bufferTimeSpanMs ?? 100;
  const maxRows = defaults.bufferMaxRows ?? 1000;
  const lingerMs = defaults.lingerMs ?? 5;
  const policy = defaults.badRecordPolicy ?? 'skip';
  return {
    topic: variable('output', parse.text().default(defaults.topic), {
      description: 'The output topic name (a Quix OutputTopic).',
      defaultValue: defaults.topic,
    }),
    brokers: variable('Quix__Broker__Address', parse.brokerList().optional(), {
      aliases: ['KAFKA_BROKERS'],
      description:
        'Kafka bootstrap servers, comma-separated host:port. Connects to this plain Kafka cluster. With neither this nor a Quix SDK token, messages go to stdout as JSON lines.',
    }),
    sdkToken: variable('Quix__Sdk__Token', parse.text().optional(), {
      description: 'Quix Cloud SDK token (Quix sets it in a deployment).',
      secret: true,
    }),
    portalApi: variable('Quix__Portal__Api', parse.url().optional(), {
      description: 'Quix Portal API URL (Quix sets it in a deployment).',
    }),
    workspaceId: variable('Quix__Workspace__Id', parse.text().optional(), {
      description: 'Quix workspace id (Quix sets it in a deployment).',
    }),
    format: variable('QUIX_MESSAGE_FORMAT', parse.oneOf(MESSAGE_FORMATS as [MessageFormat, ...MessageFormat[]]).default('json'), {
      description: '`json`: one JSON object per row or event (what Quix Streams 3.x reads by default); `quix`: the Quix SDK envelope, many rows per message.',
      defaultValue: 'json',
    }),
    createTopic: variable('KAFKA_CREATE_TOPIC', parse.booleanFlag().default(true), {
      description: 'Create the output topic with the broker defaults when it does not exist.',
      defaultValue: 'true',
    }),
    bufferTimeSpanMs: variable('BUFFER_TIME_SPAN_MS', parse.durationMs({ max: 3_600_000 }).default(timeSpan), {
      description: 'Time series buffer: flush at most this many ms after the first buffered row.',
      defaultValue: String(timeSpan),
    }),
    bufferMaxRows: variable('BUFFER_MAX_ROWS', parse.positiveInt().default(maxRows), {
      description: 'Time series buffer: flush when this many rows are waiting.',
      defaultValue: String(maxRows),
    }),
    maxMessageBytes: variable('MAX_MESSAGE_BYTES', parse.positiveInt().default(1_000_000), {
      description: "Largest message value written, bytes; keep it under the topic's max.message.bytes. Buffered rows go into as many messages as needed to stay under it; a row is never split.",
      defaultValue: '1000000',
    }),
    lingerMs: variable('KAFKA_LINGER_MS', parse.durationMs({ min: 0, max: 60_000 }).default(lingerMs), {
      description:
        "How long a message may wait for others to share its produce call, ms (librdkafka's linger.ms). Fewer, fuller calls cost much less CPU at high rates; 0 sends at once, for the lowest latency.",
      defaultValue: String(lingerMs),
    }),
    maxPendingBytes: variable('MAX_PENDING_BYTES', parse.positiveInt().default(32 * 1024 * 1024), {
      description:
        'Bytes of messages held for Kafka (queued, in flight, or in an open transaction) before input slows down or is refused: the bound on memory while Kafka is down.',
      defaultValue: String(32 * 1024 * 1024),
    }),
    badRecordPolicy: variable('BAD_RECORD_POLICY', parse.oneOf(BAD_RECORD_POLICIES).default(policy), {
      aliases: defaults.badRecordPolicyAliases ?? [],
      description:
        'What to do with a record that cannot become data or that Kafka refuses: `fail` stops with exit 1 saying where it was; `skip` logs and counts it (quix_bad_records_total); `dead-letter` also sends it, raw, to DEAD_LETTER_TOPIC.',
      defaultValue: policy,
    }),
    deadLetterTopic: variable('DEAD_LETTER_TOPIC', parse.text().optional(), {
      description:
        'Topic of bad records under BAD_RECORD_POLICY=dead-letter: Quix events `bad-record` whose value holds where, why and the raw input. Default: `<output>-dead-letter`.',
    }),
    saslMechanism: variable('KAFKA_SASL_MECHANISM', parse.oneOf(SASL_MECHANISMS as [SaslMechanism, ...SaslMechanism[]]).optional(), {
      description: 'Plain Kafka only: SASL mechanism, `plain`, `scram-sha-256` or `scram-sha-512`; needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD.',
    }),
    saslUsername: variable('KAFKA_SASL_USERNAME', parse.text().optional(), { description: 'Plain Kafka only: SASL user name.' }),
    saslPassword: variable('KAFKA_SASL_PASSWORD', parse.text().optional(), { description: 'Plain Kafka only: SASL password.', secret: true }),
    tls: variable('KAFKA_TLS', parse.booleanFlag().optional(), {
      description: 'Plain Kafka only: connect with TLS. On by default when a KAFKA_TLS_* file is given.',
    }),
    tlsCaFile: variable('KAFKA_TLS_CA_FILE', parse.text().optional(), {
      description: "Plain Kafka only: PEM file of the CA that signed the brokers' certificates (default: the system's CAs).",
    }),
    tlsCertFile: variable('KAFKA_TLS_CERT_FILE', parse.text().optional(), { description: 'Plain Kafka only: PEM client certificate, for mutual TLS; needs KAFKA_TLS_KEY_FILE.' }),
    tlsKeyFile: variable('KAFKA_TLS_KEY_FILE', parse.text().optional(), { description: 'Plain Kafka only: PEM private key of the client certificate.' }),
    connectTimeoutMs: variable('KAFKA_CONNECT_TIMEOUT_MS', parse.durationMs({ max: 3_600_000 }).default(30_000), {
      description: 'How long to keep trying to reach Kafka at start before stopping with an error.',
      defaultValue: '30000',
    }),
  };
}

export type ProducerVariablesConfig = ConfigOf<ReturnType<typeof producerVariables>>;

/** The dead-letter topic's name: DEAD_LETTER_TOPIC, else `<output>-dead-letter`. */
export function deadLetterTopicOf(config: { topic: string; deadLetterTopic?: string }): string {
  return config.deadLetterTopic ?? `${config.topic}-dead-letter`;
}

type ConnectionVariables = Pick<
  ProducerVariablesConfig,
  'brokers' | 'sdkToken' | 'portalApi' | 'workspaceId' | 'saslMechanism' | 'saslUsername' | 'saslPassword' | 'tlsCertFile' | 'tlsKeyFile'
>;

/** Settings that only make sense together; listed with the other problems at start. */
export const producerCrossChecks: readonly CrossCheck<ConnectionVariables>[] = [
  (c) => {
    const problems = [];
    if (c.saslMechanism && !c.saslUsername) problems.push({ variable: 'KAFKA_SASL_USERNAME', message: 'must be set when KAFKA_SASL_MECHANISM is' });
    if (c.saslMechanism && !c.saslPassword) problems.push({ variable: 'KAFKA_SASL_PASSWORD', message: 'must be set when KAFKA_SASL_MECHANISM is' });
    if (!c.saslMechanism && (c.saslUsername || c.saslPassword)) {
      problems.push({ variable: 'KAFKA_SASL_MECHANISM', message: 'must be set when a SASL user name or password is (plain, scram-sha-256 or scram-sha-512)' });
    }
    if (Boolean(c.tlsCertFile) !== Boolean(c.tlsKeyFile)) {
      problems.push({ variable: c.tlsCertFile ? 'KAFKA_TLS_KEY_FILE' : 'KAFKA_TLS_CERT_FILE', message: 'a client certificate and its key go together' });
    }
    const usesQuixCloud = connectionKind(c) === 'quix-cloud';
    if (usesQuixCloud && !c.portalApi) problems.push({ variable: 'Quix__Portal__Api', message: 'must be set with Quix__Sdk__Token (Quix sets both in a deployment)' });
    // Quix__Workspace__Id may be left out: the Portal API then names the token's only workspace (as in quixstreams).
    return problems;
  },
];
