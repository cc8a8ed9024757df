/**
 * The server.properties of a single-node KRaft cluster (combined broker and controller) on
 * loopback, for tests and local runs.
 */

/** One listener of the broker. Extra listeners (SASL_SSL, say) are added through this seam. */
export interface ListenerSpec {
  /** Listener name, e.g. `PLAINTEXT` or `SASL_SSL`; also the key of `KafkaBroker.listeners`. */
  name: string;
  /** Security protocol (`PLAINTEXT`, `SSL`, `SASL_PLAINTEXT`, `SASL_SSL`). */
  protocol: string;
  port: number;
}

export interface ServerPropertiesInput {
  host: string;
  /** Client listener that the broker also uses between its own parts. */
  plaintextPort: number;
  controllerPort: number;
  logDir: string;
  extraListeners?: readonly ListenerSpec[];
  /** Applied last, so they override anything computed here. */
  extraServerProperties?: Readonly<Record<string, string>>;
}

export function buildServerProperties(
  input: ServerPropertiesInput,
): Record<string, string> {
  const { host, controllerPort } = input;
  const brokerListeners: ListenerSpec[] = [
    { name: 'PLAINTEXT', protocol: 'PLAINTEXT', port: input.plaintextPort },
    ...(input.extraListeners ?? []),
  ];
  const all: ListenerSpec[] = [
    ...brokerListeners,
    { name: 'CONTROLLER', protocol: 'PLAINTEXT', port: controllerPort },
  ];
  const endpoint = (l: ListenerSpec): string => `${l.name}://${host}:${l.port}`;

  return {
    'process.roles': 'broker,controller',
    'node.id': '1',
    listeners: all.map(endpoint).join(','),
    'advertised.listeners': brokerListeners.map(endpoint).join(','),
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'controller.quorum.bootstrap.servers': `${host}:${controllerPort}`,
    'listener.security.protocol.map': all
      .map((l) => `${l.name}:${l.protocol}`)
      .join(','),
    'log.dirs': input.logDir,
    'num.partitions': '1',
    'auto.create.topics.enable': 'true',
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    'min.insync.replicas': '1',
    'default.replication.factor': '1',
    'group.initial.rebalance.delay.ms': '0',
    // Kafka's time retention goes by the records' own timestamps, and tests and benchmarks
    // write rows stamped in the past: keep them, or topics the apps create lose them.
    'log.retention.ms': '-1',
    ...input.extraServerProperties,
  };
}

/** Java properties text; values are escaped so paths with `\` or `:` survive. */
export function formatProperties(
  properties: Readonly<Record<string, string>>,
): string {
  const escape = (s: string): string =>
    s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/^ /, '\\ ');
  return (
    Object.entries(properties)
      .map(
        ([key, value]) =>
          `${escape(key).replace(/[=: ]/g, '\\$&')}=${escape(value)}`,
      )
      .join('\n') + '\n'
  );
}
