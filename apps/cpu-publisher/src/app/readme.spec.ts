import { join } from 'node:path';
import { readmeVariablesTable } from '@quix-connectors/testing';
import { cpuPublisherVariables } from './cpu-variables.js';

// The README's variable table is generated from the schema; `npm run docs` rewrites it.
describe('README', () => {
  it.each(['apps/cpu-publisher/README.md', 'README.md'])('%s lists exactly the variables the app reads', (file) => {
    const { current, expected } = readmeVariablesTable(join(__dirname, '../../../..', file), cpuPublisherVariables);
    expect(current).toBe(expected);
  });
});
