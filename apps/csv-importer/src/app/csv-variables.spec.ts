import { ConfigError, loadConfig } from '@quix-connectors/config';
import { csvCrossChecks, csvImporterVariables } from './csv-variables.js';

const load = (env: Record<string, string>) => loadConfig(csvImporterVariables, { KAFKA_BROKERS: 'k:9092', ...env }, [csvCrossChecks]);

describe('MAX_RECORD_CHARS', () => {
  it('takes 2 and more', () => {
    expect(load({ MAX_RECORD_CHARS: '2' }).maxRecordChars).toBe(2);
    expect(load({}).maxRecordChars).toBe(1_048_576);
  });

  // csv-parse is given one less (it lets a record one longer through), and 0 would turn its limit off.
  it.each([
    ['1', /MAX_RECORD_CHARS.*must be 2 or more/],
    ['0', /MAX_RECORD_CHARS.*must be above 0/],
  ])('refuses %s at start, saying what to write', (value, message) => {
    expect(() => load({ MAX_RECORD_CHARS: value })).toThrow(ConfigError);
    expect(() => load({ MAX_RECORD_CHARS: value })).toThrow(message);
  });
});
