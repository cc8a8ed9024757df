import { join } from 'node:path';
import { readmeVariablesTable } from '@quix-connectors/testing';
import { gatewayVariables } from './gateway-variables.js';

// The README's variable table is generated from the schema; `npm run docs` rewrites it.
describe('README', () => {
  it('lists exactly the variables the app reads', () => {
    const { current, expected } = readmeVariablesTable(join(__dirname, '../../README.md'), gatewayVariables);
    expect(current).toBe(expected);
  });
});
