export { variable, type VariableSpec, type VariableSet, type VariableOptions, type ConfigOf } from './lib/variable.js';
export { loadConfig, type Environment, type CrossCheck } from './lib/load-config.js';
export { ConfigError, type ConfigProblem } from './lib/config-error.js';
export * as parse from './lib/parsers.js';
export { variablesTable, withVariablesTable, TABLE_START, TABLE_END } from './lib/variables-table.js';
