import type { Logger } from '@quix-connectors/service';
import { TwitterSourceError } from './errors.js';
import { ruleKey, type DeclaredRule } from './rules-config.js';
import type { RuleError, XClient, XRule } from './x-client.js';

export interface RulePlan {
  add: DeclaredRule[];
  /** Existing rules to delete: stale, or with a changed tag. */
  remove: XRule[];
  keep: XRule[];
}

/**
 * What to change so that the account's rules are the declared ones: add the missing, delete the
 * stale (a changed tag means delete and add: X cannot edit a tag), leave the rest alone. With
 * `keepUndeclared`, rules nobody declared are kept.
 */
export function planRules(declared: readonly DeclaredRule[], existing: readonly XRule[], keepUndeclared: boolean): RulePlan {
  const wanted = new Map(declared.map((r) => [ruleKey(r), r]));
  const declaredValues = new Set(declared.map((r) => r.value));
  const keep: XRule[] = [];
  const remove: XRule[] = [];
  const present = new Set<string>();
  for (const rule of existing) {
    const key = ruleKey(rule);
    if (wanted.has(key) && !present.has(key)) {
      keep.push(rule);
      present.add(key);
    } else if (keepUndeclared && !declaredValues.has(rule.value)) {
      keep.push(rule);
    } else {
      remove.push(rule);
    }
  }
  return { add: [...wanted.entries()].filter(([k]) => !present.has(k)).map(([, r]) => r), remove, keep };
}

export interface RuleSyncResult {
  added: number;
  deleted: number;
  kept: number;
  invalid: number;
}

const BATCH = 100;

/**
 * Reconciles the account's rules with the declared ones: validates additions with dry_run first
 * (throwing X's reasons for every invalid rule, before anything changed), deletes the stale rules,
 * then adds the missing ones.
 */
export async function syncRules(client: XClient, declared: readonly DeclaredRule[], keepUndeclared: boolean, logger: Logger): Promise<RuleSyncResult> {
  const existing = await client.getRules();
  const plan = planRules(declared, existing, keepUndeclared);
  const invalid: string[] = [];
  // A rule whose tag changed is still on the account during the dry run, so X calls it a
  // duplicate; it is deleted before the real add.
  const replaced = new Set(plan.remove.map((r) => r.value));
  for (const batch of chunks(plan.add, BATCH)) {
    const reply = await client.addRules(batch, true);
    for (const error of reply.errors ?? []) {
      if (!(error.title === 'DuplicateRule' && error.value !== undefined && replaced.has(error.value))) invalid.push(describe(error));
    }
  }
  if (invalid.length > 0) {
    throw new TwitterSourceError('X_RULES_INVALID', `X rejected ${invalid.length} rule(s) of TWITTER_RULES; nothing was changed:\n${invalid.map((m) => `  - ${m}`).join('\n')}`, false);
  }
  for (const batch of chunks(plan.remove, BATCH)) {
    const reply = await client.deleteRules(batch.map((r) => r.id));
    if (reply.errors?.length) throw new TwitterSourceError('X_HTTP', `X did not delete rules: ${reply.errors.map(describe).join('; ')}`, true);
  }
  for (const batch of chunks(plan.add, BATCH)) {
    const reply = await client.addRules(batch, false);
    if (reply.errors?.length) throw new TwitterSourceError('X_RULES_INVALID', `X did not add rules: ${reply.errors.map(describe).join('; ')}`, false);
  }
  const result = { added: plan.add.length, deleted: plan.remove.length, kept: plan.keep.length, invalid: 0 };
  logger.info({ ...result, deletedRules: plan.remove.map((r) => ({ value: r.value, tag: r.tag })), addedRules: plan.add }, 'rules reconciled');
  return result;
}

function describe(error: RuleError): string {
  const reasons = [error.title, error.detail, ...(error.details ?? [])].filter(Boolean).join(': ');
  return `${error.value ?? error.id ?? '(rule)'}: ${reasons || 'rejected'}`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
