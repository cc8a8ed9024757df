import type { z } from 'zod';

/** One environment variable: its name as Quix deployments spell it, and how to read it. */
export interface VariableSpec<S extends z.ZodType = z.ZodType> {
  /** The environment variable's name, e.g. `Quix__Broker__Address`. */
  readonly name: string;
  /** Other names read when `name` is unset, in order (e.g. `KAFKA_BROKERS`). */
  readonly aliases: readonly string[];
  readonly schema: S;
  readonly description: string;
  /** Shown in docs and deployment descriptors; the schema applies it. */
  readonly defaultValue?: string;
  /** Never logged, shown as a Secret in deployment descriptors. */
  readonly secret: boolean;
  readonly required: boolean;
}

export interface VariableOptions {
  description: string;
  aliases?: readonly string[];
  defaultValue?: string;
  secret?: boolean;
}

/**
 * Declares a variable. A variable is required exactly when its schema rejects `undefined`, so
 * docs and validation cannot disagree.
 */
export function variable<S extends z.ZodType>(
  name: string,
  schema: S,
  options: VariableOptions,
): VariableSpec<S> {
  return {
    name,
    aliases: options.aliases ?? [],
    schema,
    description: options.description,
    defaultValue: options.defaultValue,
    secret: options.secret ?? false,
    required: !schema.safeParse(undefined).success,
  };
}

/** A set of variables keyed by the name the code uses. */
export type VariableSet = Record<string, VariableSpec>;

/** The typed configuration a set of variables yields. */
export type ConfigOf<V extends VariableSet> = { [K in keyof V]: z.output<V[K]['schema']> };
