import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    files: ['**/*.json'],
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          ignoredFiles: ['{projectRoot}/eslint.config.{js,cjs,mjs,ts,cts,mts}', '{projectRoot}/src/**/test/**'],
          // Loaded by the patched kafkajs (patches/kafkajs+2.2.4.patch), not by our code.
          ignoredDependencies: ['crc-32'],
        },
      ],
    },
    languageOptions: {
      parser: await import('jsonc-eslint-parser'),
    },
  },
  {
    ignores: ['**/out-tsc'],
  },
  // The one lib that talks to kafkajs (see the root config).
  { files: ['**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
];
