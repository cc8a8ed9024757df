import { readFileSync } from 'node:fs';
import { MESSAGE_SCHEMA_ERROR_CODES, MessageSchemaError } from '../index.js';

describe('MessageSchemaError', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it.each(MESSAGE_SCHEMA_ERROR_CODES)('code %s is documented in README.md', (code) => {
    expect(readme).toMatch(new RegExp(`\\| \`${code}\` \\|`));
  });

  it('carries its code, the cause, and retriable false', () => {
    const cause = new Error('inner');
    const error = new MessageSchemaError('INVALID_ROW', 'fix it', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'MessageSchemaError', code: 'INVALID_ROW', retriable: false, cause, message: 'fix it' });
  });
});
