const nxPreset = require('@nx/jest/preset').default;

// Every project's tests: TypeScript compiled by SWC for Node, libs resolved to their sources.
module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        swcrc: false,
        jsc: { target: 'es2022', parser: { syntax: 'typescript' }, keepClassNames: true },
        sourceMaps: true,
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js'],
  coverageDirectory: 'test-output/jest/coverage',
  // Jest runs CommonJS; these dependencies ship ESM only, so they are compiled like our sources.
  transformIgnorePatterns: ['/node_modules/(?!(cookie)/)'],
  // Resolve workspace libs to their TypeScript source (the "@quix-connectors/source" export
  // condition), so tests never depend on a stale build of another lib.
  testEnvironmentOptions: {
    customExportConditions: ['@quix-connectors/source', 'node', 'require', 'default'],
  },
};
