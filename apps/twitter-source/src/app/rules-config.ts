import { z } from 'zod';

/** A filtered-stream rule as declared in configuration. */
export interface DeclaredRule {
  value: string;
  tag?: string;
}

const ruleList = z.array(
  z.object({ value: z.string().trim().min(1, 'each rule needs a non-empty "value"'), tag: z.string().optional() }).strict(),
);

/**
 * `TWITTER_RULES`: a JSON list of `{value, tag}`, or a single query string (one untagged rule).
 * Unset means "do not manage rules".
 */
export const rulesSchema = () =>
  z
    .string()
    .transform((raw, ctx): DeclaredRule[] => {
      const text = raw.trim();
      if (!text.startsWith('[')) return [{ value: text }];
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON list of {"value", "tag"} or a single query' });
        return z.NEVER;
      }
      const parsed = ruleList.safeParse(json);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: `must be a JSON list of {"value", "tag"}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
        return z.NEVER;
      }
      return dedupe(parsed.data.map((r) => (r.tag ? { value: r.value, tag: r.tag } : { value: r.value })));
    })
    .optional();

function dedupe(rules: DeclaredRule[]): DeclaredRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = ruleKey(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Identity of a rule for reconciliation: its value and its tag (a tag cannot be edited). */
export function ruleKey(rule: { value: string; tag?: string }): string {
  return JSON.stringify([rule.value, rule.tag ?? '']);
}
