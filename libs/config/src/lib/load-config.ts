import { ConfigError, type ConfigProblem } from './config-error.js';
import type { ConfigOf, VariableSet, VariableSpec } from './variable.js';

export type Environment = Readonly<Record<string, string | undefined>>;
export type CrossCheck<C> = (config: C) => ConfigProblem[];

/**
 * Reads every variable of the set from the environment, coerces and validates it, and returns
 * the typed configuration, or throws one ConfigError listing every problem. An empty value
 * counts as unset, as Quix deployments pass optional variables as empty strings.
 */
export function loadConfig<V extends VariableSet>(
  variables: V,
  env: Environment,
  crossChecks: readonly CrossCheck<ConfigOf<V>>[] = [],
): ConfigOf<V> {
  const problems: ConfigProblem[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(variables)) {
    const { name, raw } = readRaw(spec, env);
    const parsed = spec.schema.safeParse(raw);
    if (parsed.success) {
      config[key] = parsed.data;
    } else {
      const shown = raw === undefined ? 'it is not set' : describeValue(spec, raw);
      const reasons = parsed.error.issues.map((issue) => issue.message).join('; ');
      problems.push({ variable: name, message: `${reasons} (${shown})` });
    }
  }
  if (problems.length === 0) {
    for (const check of crossChecks) problems.push(...check(config as ConfigOf<V>));
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
