import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withVariablesTable } from '@quix-connectors/config';
import { restPollerVariables } from './rest-variables.js';

describe('README', () => {
  it('lists exactly the variables the config schema reads', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    expect(readme).toBe(withVariablesTable(readme, restPollerVariables));
  });
});
