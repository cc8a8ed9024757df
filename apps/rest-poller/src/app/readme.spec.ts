import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withVariablesTable } from '@quix-connectors/config';
import { restPollerVariables } from './rest-variables.js';

describe('README', () => {
  it('lists exactly the variables the config schema reads (`npm run docs` rewrites it)', () => {
    const path = join(__dirname, '../../README.md');
    const readme = readFileSync(path, 'utf8');
    const expected = withVariablesTable(readme, restPollerVariables);
    if (process.env['UPDATE_README'] && readme !== expected) writeFileSync(path, expected);
    else expect(readme).toBe(expected);
  });
});
