/** One thing wrong with the environment, named by the variable a user has to change. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Every configuration problem found at start, reported together. Retrying cannot help. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly retriable = false;

  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
