import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withVariablesTable } from '@quix-connectors/config';
import { webhookVariables } from './webhook-variables.js';

// The README's variable table is generated from the schema; `npm run docs` rewrites it.
describe('README', () => {
  it('lists exactly the variables the app reads', () => {
    const path = join(__dirname, '../../README.md');
    const current = readFileSync(path, 'utf8');
    const expected = withVariablesTable(current, webhookVariables);
    if (process.env['UPDATE_README'] === '1') writeFileSync(path, expected);
    else expect(current).toBe(expected);
  });
});
