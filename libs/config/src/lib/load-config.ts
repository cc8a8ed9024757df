import { ConfigError, type ConfigProblem } from './config-error.js';
import type { ConfigOf, VariableSet, VariableSpec } from './variable.js';

export type Environment = Readonly<Record<string, string | undefined>>;
export type CrossCheck<C> = (config: C) => ConfigProblem[];

/**
 * Reads every variable of the set from the environment, coerces and validates it, and returns
 * the typed configuration, or throws one ConfigError listing every problem, those of checks
 * across variables included. An empty value
 * counts as unset, as Quix deployments pass optional variables as empty strings.
 */
export function loadConfig<V extends VariableSet>(
  variables: V,
  env: Environment,
  crossChecks: readonly CrossCheck<ConfigOf<V>>[] = [],
): ConfigOf<V> {
  const problems: ConfigProblem[] = [];
  const config: Record<string, unknown> = {};
  /** Keys whose value was given but is invalid. */
  const problemKeys = new Set<string>();
  for (const [key, spec] of Object.entries(variables)) {
    const { name, raw } = readRaw(spec, env);
    const parsed = spec.schema.safeParse(raw);
    if (parsed.success) {
      config[key] = parsed.data;
    } else {
      const shown = raw === undefined ? 'it is not set' : describeValue(spec, raw);
      const reasons = parsed.error.issues.map((issue) => issue.message).join('; ');
      problems.push({ variable: name, message: `${reasons} (${shown})` });
      problemKeys.add(key);
    }
  }
  // Checks across variables run on the values that are valid, so every problem is listed in one
  // go; a check that reads a value that is itself invalid is skipped (that value is listed).
  const guarded = new Proxy(config, {
    get(target, key) {
      if (typeof key === 'string' && problemKeys.has(key)) throw new SkipCheck();
      return target[key as string];
    },
  });
  const invalid = new Set(problems.map((p) => p.variable));
  for (const check of crossChecks) {
    let found: ConfigProblem[] = [];
    try {
      found = check(guarded as ConfigOf<V>);
    } catch {
      continue;
    }
    for (const problem of found) if (!invalid.has(problem.variable)) problems.push(problem);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config as ConfigOf<V>;
}

function readRaw(spec: VariableSpec, env: Environment): { name: string; raw: string | undefined } {
  for (const name of [spec.name, ...spec.aliases]) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') return { name, raw: value.trim() };
  }
  return { name: spec.name, raw: undefined };
}

function describeValue(spec: VariableSpec, raw: string): string {
  return spec.secret ? 'value hidden' : `got ${JSON.stringify(raw)}`;
}

/** Thrown to a cross check that reads an invalid value: the check is skipped. */
class SkipCheck extends Error {}
