import { planRules } from './rule-sync.js';
import { rulesSchema } from './rules-config.js';

const existing = [
  { id: '1', value: 'cats', tag: 'cats' },
  { id: '2', value: 'dogs', tag: 'old' },
  { id: '3', value: 'other app', tag: 'theirs' },
];

describe('planRules', () => {
  it.each([
    {
      name: 'adds the missing, deletes the stale and a changed tag, keeps the rest',
      declared: [{ value: 'cats', tag: 'cats' }, { value: 'dogs', tag: 'new' }, { value: 'birds' }],
      keepUndeclared: false,
      add: [{ value: 'dogs', tag: 'new' }, { value: 'birds' }],
      remove: ['2', '3'],
      keep: ['1'],
    },
    {
      name: 'keeps rules nobody declared when asked to, but still replaces a changed tag',
      declared: [{ value: 'cats', tag: 'cats' }, { value: 'dogs', tag: 'new' }],
      keepUndeclared: true,
      add: [{ value: 'dogs', tag: 'new' }],
      remove: ['2'],
      keep: ['1', '3'],
    },
    { name: 'an empty list deletes everything', declared: [], keepUndeclared: false, add: [], remove: ['1', '2', '3'], keep: [] },
    { name: 'nothing to do when all is in place', declared: existing.map(({ value, tag }) => ({ value, tag })), keepUndeclared: false, add: [], remove: [], keep: ['1', '2', '3'] },
  ])('$name', ({ declared, keepUndeclared, add, remove, keep }) => {
    const plan = planRules(declared, existing, keepUndeclared);
    expect(plan.add).toEqual(add);
    expect(plan.remove.map((r) => r.id)).toEqual(remove);
    expect(plan.keep.map((r) => r.id)).toEqual(keep);
  });

  it('deletes a duplicate of a kept rule', () => {
    const plan = planRules([{ value: 'a' }], [{ id: '1', value: 'a' }, { id: '2', value: 'a' }], false);
    expect(plan.remove.map((r) => r.id)).toEqual(['2']);
  });
});

describe('TWITTER_RULES', () => {
  const schema = rulesSchema();
  it.each([
    ['cats has:images', [{ value: 'cats has:images' }]],
    ['[{"value":"cats","tag":"c"},{"value":"dogs"},{"value":"cats","tag":"c"}]', [{ value: 'cats', tag: 'c' }, { value: 'dogs' }]],
    ['[]', []],
  ])('%s', (raw, rules) => {
    expect(schema.parse(raw)).toEqual(rules);
  });

  it.each(['[{"value":""}]', '[{"tag":"x"}]', '[{"value":"a","extra":1}]', '[not json'])('rejects %s', (raw) => {
    expect(schema.safeParse(raw).success).toBe(false);
  });
});
