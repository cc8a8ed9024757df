const base = require('./jest.preset.js');

// Projects with integration tests (*.int.spec.ts): one real Kafka broker for the jest run, the one
// in KAFKA_BROKERS when set (`npm test` shares one across projects), else testcontainers, else the
// Apache Kafka jars. Round trips to a broker take seconds, not milliseconds.
module.exports = {
  ...base,
  globalSetup: '<rootDir>/../../libs/testing/src/jest/global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/testing/src/jest/global-teardown.ts',
  testTimeout: 90_000,
};
