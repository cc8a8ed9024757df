import type { VariableSet } from './variable.js';

/**
 * The Markdown table of a variable set, as each app's README shows it. READMEs embed it between
 * markers and a test checks they agree, so docs cannot drift from the schema.
 */
export function variablesTable(variables: VariableSet): string {
  const rows = Object.values(variables).map((spec) => {
    const names = [spec.name, ...spec.aliases].map((n) => `\`${n}\``).join(' / ');
    const fallback = spec.required ? 'required' : spec.defaultValue === undefined ? '' : `\`${spec.defaultValue}\``;
    const description = spec.secret ? `${spec.description} (secret)` : spec.description;
    return `| ${names} | ${fallback} | ${description.replaceAll('|', '\\|')} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

export const TABLE_START = '<!-- variables:start (generated from the config schema; `npm run docs` rewrites it) -->';
export const TABLE_END = '<!-- variables:end -->';

/** Replaces the generated table between the markers of a README; throws when they are missing. */
export function withVariablesTable(readme: string, variables: VariableSet): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('README has no variables table markers');
  return readme.slice(0, start + TABLE_START.length) + '\n' + variablesTable(variables) + '\n' + readme.slice(end);
}
