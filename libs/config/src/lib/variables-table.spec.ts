import { text } from './parsers.js';
import { variable } from './variable.js';
import { TABLE_END, TABLE_START, variablesTable, withVariablesTable } from './variables-table.js';

const variables = {
  topic: variable('output', text().default('t'), { description: 'the output topic', defaultValue: 't' }),
  token: variable('Quix__Sdk__Token', text(), { description: 'the SDK token | bearer', secret: true, aliases: ['TOKEN'] }),
};

describe('variablesTable', () => {
  it('lists every variable with its aliases, default and meaning', () => {
    expect(variablesTable(variables)).toBe(
      [
        '| variable | default | meaning |',
        '| --- | --- | --- |',
        '| `output` | `t` | the output topic |',
        '| `Quix__Sdk__Token` / `TOKEN` | required | the SDK token \\| bearer (secret) |',
      ].join('\n'),
    );
  });

  it('rewrites only the text between the markers', () => {
    const readme = `# App\n${TABLE_START}\nold\n${TABLE_END}\nafter\n`;
    expect(withVariablesTable(readme, variables)).toBe(`# App\n${TABLE_START}\n${variablesTable(variables)}\n${TABLE_END}\nafter\n`);
    expect(() => withVariablesTable('# no markers', variables)).toThrow(/markers/);
  });
});
