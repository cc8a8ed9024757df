import type { Endpoint } from './endpoint-config.js';

/** The placeholders a body template may hold, as `{{name}}`. */
export const PLACEHOLDERS = ['cursor', 'page', 'offset', 'since', 'until'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
/** A placeholder's value; undefined when there is none yet (the first page has no cursor). */
export type TemplateValues = Partial<Record<Placeholder, string | number>>;

type Part = string | { name: string; inString: boolean };
type BodyKind = 'json' | 'form' | 'text';

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)\s*\}\}/g;

/** The body's Content-Type: `contentType`, else a Content-Type header, else JSON. */
export function bodyContentType(e: Pick<Endpoint, 'contentType' | 'headers'>): string {
  const header = Object.entries(e.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return e.contentType ?? header ?? 'application/json';
}

function kindOf(contentType: string): BodyKind {
  if (/[/+]json\b/i.test(contentType)) return 'json';
  if (/x-www-form-urlencoded/i.test(contentType)) return 'form';
  return 'text';
}

/**
 * Splits a template into text and placeholders, noting for JSON which placeholders sit inside a
 * string literal: there the value is text (escaped), elsewhere it is a JSON value.
 */
function parse(template: string, kind: BodyKind): Part[] {
  const parts: Part[] = [];
  let inString = false;
  let last = 0;
  const scan = (text: string) => {
    for (let i = 0; i < text.length; i += 1) {
      if (inString && text[i] === '\\') i += 1;
      else if (text[i] === '"') inString = !inString;
    }
  };
  for (const match of template.matchAll(PLACEHOLDER)) {
    const before = template.slice(last, match.index);
    if (kind === 'json') scan(before);
    if (before !== '') parts.push(before);
    parts.push({ name: match[1] as string, inString });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return parts;
}

function fill(value: string | number | undefined, kind: BodyKind, inString: boolean): string {
  if (kind === 'json') {
    if (inString) return JSON.stringify(String(value ?? '')).slice(1, -1);
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  const text = value === undefined ? '' : String(value);
  return kind === 'form' ? encodeURIComponent(text) : text;
}

/**
 * The endpoint's body as a function of the placeholder values, or undefined without a body.
 * In a JSON body `{{name}}` outside a string becomes the value as JSON (`"abc"`, `2`, or `null`
 * when there is none), inside a string its text JSON-escaped; in a form body it is
 * percent-encoded; otherwise it is put in as it is.
 */
export function compileBody(e: Pick<Endpoint, 'body' | 'contentType' | 'headers'>): ((values: TemplateValues) => string) | undefined {
  if (e.body === undefined) return undefined;
  const kind = kindOf(bodyContentType(e));
  const parts = parse(e.body, kind);
  if (parts.every((p) => typeof p === 'string')) {
    const body = e.body;
    return () => body;
  }
  return (values) => parts.map((p) => (typeof p === 'string' ? p : fill(values[p.name as Placeholder], kind, p.inString))).join('');
}

/** The placeholder names a template uses. */
export function placeholdersOf(template: string | undefined): Set<string> {
  return new Set(template === undefined ? [] : [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string));
}

export interface TemplateProblem {
  path: (string | number)[];
  message: string;
}

/**
 * What is wrong with an endpoint's body template, checked at start: unknown placeholders,
 * placeholders nothing fills, a cursor or window meant for the body that the body lacks, and a
 * JSON body that is not JSON once filled (checked with values and without).
 */
export function templateProblems(e: Pick<Endpoint, 'body' | 'contentType' | 'headers' | 'pagination' | 'window'>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const used = placeholdersOf(e.body);
  const filled = new Set<string>();
  const p = e.pagination;
  if (p.type === 'cursor' || p.type === 'page' || p.type === 'offset') {
    if (p.in === 'body') filled.add(p.type);
    if (p.in === 'body' && !used.has(p.type)) problems.push({ path: ['pagination', 'in'], message: `puts the ${p.type} in the body, but the body has no {{${p.type}}} placeholder` });
  }
  if (e.window?.in === 'body') {
    filled.add('since').add('until');
    if (!used.has('since') && !used.has('until')) problems.push({ path: ['window', 'in'], message: 'puts the time window in the body, but the body has no {{since}} or {{until}} placeholder' });
  }
  for (const name of used) {
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      problems.push({ path: ['body'], message: `has the unknown placeholder {{${name}}}; known ones: ${PLACEHOLDERS.map((n) => `{{${n}}}`).join(', ')}` });
    } else if (!filled.has(name)) {
      problems.push({ path: ['body'], message: `has {{${name}}}, which is filled only when the ${name === 'since' || name === 'until' ? 'time window' : `${name} pagination`} goes in the body (its "in": "body")` });
    }
  }
  const render = compileBody(e);
  if (render && kindOf(bodyContentType(e)) === 'json' && problems.length === 0) {
    for (const values of [{}, { cursor: 'c"1', page: 2, offset: 20, since: '2026-01-01T00:00:00.000Z', until: 1 }]) {
      try {
        JSON.parse(render(values));
      } catch (error) {
        // Not the parser's message: it quotes the body.
        const at = /at position \d+/.exec((error as Error).message)?.[0];
        problems.push({ path: ['body'], message: `is not JSON once its placeholders are filled${at ? ` (${at})` : ''}; write {{name}} where a JSON value goes, or inside quotes for text` });
        break;
      }
    }
  }
  return problems;
}
