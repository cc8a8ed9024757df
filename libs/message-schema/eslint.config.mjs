import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    files: ['**/*.json'],
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          ignoredFiles: ['{projectRoot}/eslint.config.{js,cjs,mjs,ts,cts,mts}'],
        },
      ],
    },
    languageOptions: {
      parser: await import('jsonc-eslint-parser'),
    },
  },
  {
    // Pure data + encoders: no Kafka client and no I/O in the lib itself (tests may read files).
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['kafkajs', 'kafkajs/*', '@platformatic/kafka', 'node:*', 'fs', 'fs/*', 'net', 'http', 'https', 'dgram', 'child_process'],
              message: 'message-schema is pure data and encoders: do I/O in the producer or service libs.',
            },
          ],
        },
      ],
    },
  },
  {
    ignores: ['**/out-tsc'],
  },
];
