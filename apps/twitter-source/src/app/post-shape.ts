import type { StreamPost } from './post-format.js';

/**
 * Checks that a parsed stream message has the shape the row and event mapping read, field by
 * field: X's JSON is input like any other, and one post of an unexpected shape must not throw
 * where the batch is published (it would be retried forever). Returns the post, or what is wrong
 * with it; fields the mapping does not read are not checked.
 */
export function checkPost(message: Record<string, unknown>): { post: StreamPost } | { problem: string } {
  const problem = dataProblem(message['data']) ?? includesProblem(message['includes']) ?? rulesProblem(message['matching_rules']);
  return problem === undefined ? { post: message as unknown as StreamPost } : { problem };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

function dataProblem(data: unknown): string | undefined {
  if (!isObject(data)) return `data is ${describe(data)}, not an object`;
  if (typeof data['id'] !== 'string' || data['id'] === '') return `data.id is ${describe(data['id'])}, not a string`;
  for (const field of ['text', 'author_id', 'created_at', 'lang']) {
    if (!optionalString(data[field])) return `data.${field} is ${describe(data[field])}, not a string`;
  }
  const metrics = data['public_metrics'];
  if (metrics === undefined) return undefined;
  if (!isObject(metrics)) return `data.public_metrics is ${describe(metrics)}, not an object`;
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return `data.public_metrics.${name} is ${describe(value)}, not a number`;
  }
  return undefined;
}

function includesProblem(includes: unknown): string | undefined {
  if (includes === undefined) return undefined;
  if (!isObject(includes)) return `includes is ${describe(includes)}, not an object`;
  const users = includes['users'];
  if (users === undefined) return undefined;
  if (!Array.isArray(users)) return `includes.users is ${describe(users)}, not an array`;
  const bad = users.findIndex((u) => !isObject(u) || typeof u['id'] !== 'string' || !optionalString(u['username']));
  return bad === -1 ? undefined : `includes.users[${bad}] is not a user with a string id and username`;
}

function rulesProblem(rules: unknown): string | undefined {
  if (rules === undefined) return undefined;
  if (!Array.isArray(rules)) return `matching_rules is ${describe(rules)}, not an array`;
  const bad = rules.findIndex((r) => !isObject(r) || !(typeof r['id'] === 'string' || typeof r['id'] === 'number') || !optionalString(r['tag']));
  return bad === -1 ? undefined : `matching_rules[${bad}] is not a rule with an id and a string tag`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}
