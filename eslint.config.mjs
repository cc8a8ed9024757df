import nx from '@nx/eslint-plugin';

// Who may import whom. Scope: an app may use shared libs only, never another app; a shared lib
// never uses an app. Type: the layers below, from the schema (pure data) up to apps.
const depConstraints = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  ...['cpu-publisher', 'twitter-source', 'rest-poller', 'webhook-receiver', 'csv-importer', 'web-gateway'].map(
    (app) => ({ sourceTag: `scope:${app}`, onlyDependOnLibsWithTags: ['scope:shared'] }),
  ),
  {
    sourceTag: 'type:schema',
    onlyDependOnLibsWithTags: ['type:schema'],
    // The wire format is pure data: no Kafka client, no I/O framework.
    bannedExternalImports: ['kafkajs', 'fastify', 'undici', 'pino', 'prom-client', 'testcontainers'],
  },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:producer', onlyDependOnLibsWithTags: ['type:schema', 'type:util'] },
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:producer', 'type:schema', 'type:util'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:producer', 'type:schema', 'type:util'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:service', 'type:producer', 'type:schema', 'type:util'] },
  // Tools that drive the built apps from outside (tools/fault): the test-only lib and the schema, never an app.
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:testing', 'type:schema'] },
];

const boundaries = (constraints) => [
  'error',
  {
    enforceBuildableLibDependency: true,
    allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
    depConstraints: constraints,
  },
];

// Tests may also use the test-only lib; production code may not.
const testConstraints = depConstraints.map((c) =>
  c.sourceTag === 'type:app' || c.sourceTag === 'type:producer' || c.sourceTag === 'type:service'
    ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing'] }
    : c,
);

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/test-output'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs', '**/*.cts', '**/*.mts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(depConstraints) },
  },
  {
    files: ['**/*.spec.ts', '**/*.test.ts', '**/test/**/*.ts', '**/test-support/**/*.ts', '**/jest.config.cts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(testConstraints) },
  },
  {
    // One Kafka client: only the producer lib talks to kafkajs (its eslint config and the
    // test-only lib's turn this off: the read-back there is a reader independent of the code
    // under test). Changing the client is then a change of one lib.
    files: ['**/*.ts', '**/*.mts', '**/*.mjs', '**/*.js'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['kafkajs', 'kafkajs/*'], message: 'Only libs/quix-producer may use kafkajs: use its interfaces (QuixProducer, TransactionalProducer, KafkaClient).' }] },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
];
