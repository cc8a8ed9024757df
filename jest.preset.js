const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  // Jest runs CommonJS; these dependencies ship ESM only, so they are compiled like our sources.
  transformIgnorePatterns: ['/node_modules/(?!(cookie)/)'],
  // Resolve workspace libs to their TypeScript source (the "@quix-connectors/source" export
  // condition), so tests never depend on a stale build of another lib.
  testEnvironmentOptions: {
    customExportConditions: ['@quix-connectors/source', 'node', 'require', 'default'],
  },
};
