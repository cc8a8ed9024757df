import {
  buildServerProperties,
  formatProperties,
} from './server-properties.ts';

describe('buildServerProperties', () => {
  const base = {
    host: '127.0.0.1',
    plaintextPort: 40001,
    controllerPort: 40002,
    logDir: '/tmp/k/data',
  };

  it('describes one combined KRaft node on the given loopback ports', () => {
    const p = buildServerProperties(base);
    expect(p).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': '1',
      listeners: 'PLAINTEXT://127.0.0.1:40001,CONTROLLER://127.0.0.1:40002',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:40001',
      'controller.listener.names': 'CONTROLLER',
      'controller.quorum.bootstrap.servers': '127.0.0.1:40002',
      'listener.security.protocol.map':
        'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'log.dirs': '/tmp/k/data',
      'auto.create.topics.enable': 'true',
      'num.partitions': '1',
      'group.initial.rebalance.delay.ms': '0',
      'log.retention.ms': '-1',
    });
  });

  it.each([
    'offsets.topic.replication.factor',
    'transaction.state.log.replication.factor',
    'transaction.state.log.min.isr',
    'share.coordinator.state.topic.replication.factor',
    'share.coordinator.state.topic.min.isr',
  ])('sets %s to 1 (a single node)', (key) => {
    expect(buildServerProperties(base)[key]).toBe('1');
  });

  it('adds extra listeners to listeners, advertised listeners and the protocol map', () => {
    const p = buildServerProperties({
      ...base,
      extraListeners: [{ name: 'SASL_SSL', protocol: 'SASL_SSL', port: 40003 }],
    });
    expect(p['listeners']).toBe(
      'PLAINTEXT://127.0.0.1:40001,SASL_SSL://127.0.0.1:40003,CONTROLLER://127.0.0.1:40002',
    );
    expect(p['advertised.listeners']).toBe(
      'PLAINTEXT://127.0.0.1:40001,SASL_SSL://127.0.0.1:40003',
    );
    expect(p['listener.security.protocol.map']).toBe(
      'PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT',
    );
  });

  it('lets extraServerProperties override and extend', () => {
    const p = buildServerProperties({
      ...base,
      extraServerProperties: {
        'num.partitions': '3',
        'sasl.enabled.mechanisms': 'PLAIN',
      },
    });
    expect(p['num.partitions']).toBe('3');
    expect(p['sasl.enabled.mechanisms']).toBe('PLAIN');
  });
});

describe('formatProperties', () => {
  it('writes one key=value line per entry', () => {
    expect(formatProperties({ 'node.id': '1', 'log.dirs': '/tmp/a b' })).toBe(
      'node.id=1\nlog.dirs=/tmp/a b\n',
    );
  });

  it('escapes backslashes (Windows paths) and newlines', () => {
    expect(formatProperties({ 'log.dirs': 'C:\\k\\data', x: 'a\nb' })).toBe(
      'log.dirs=C:\\\\k\\\\data\nx=a\\nb\n',
    );
  });
});
