import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';
import { brokerList, durationMs, oneOf, port, positiveInt, text } from './parsers.js';
import { variable } from './variable.js';

const variables = {
  topic: variable('output', text().default('cpu-load'), { description: 'topic', defaultValue: 'cpu-load' }),
  brokers: variable('Quix__Broker__Address', brokerList().optional(), {
    description: 'brokers',
    aliases: ['KAFKA_BROKERS'],
  }),
  format: variable('QUIX_MESSAGE_FORMAT', oneOf(['json', 'quix']).default('json'), { description: 'format' }),
  port: variable('PORT', port().default(8080), { description: 'port' }),
  interval: variable('INTERVAL_MS', positiveInt().default(1000), { description: 'interval' }),
  token: variable('Quix__Sdk__Token', text(), { description: 'token', secret: true }),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(variables, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map((p) => `${p.variable}: ${p.message}`);
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies defaults and coerces values to their types', () => {
    const config = loadConfig(variables, { Quix__Sdk__Token: 'secret', PORT: '9000' });
    expect(config).toEqual({ topic: 'cpu-load', brokers: undefined, format: 'json', port: 9000, interval: 1000, token: 'secret' });
  });

  it('reads an alias when the main name is unset, and prefers the main name', () => {
    expect(loadConfig(variables, { KAFKA_BROKERS: 'a:1, b:2', Quix__Sdk__Token: 't' }).brokers).toEqual(['a:1', 'b:2']);
    expect(
      loadConfig(variables, { Quix__Broker__Address: 'main:1', KAFKA_BROKERS: 'alias:2', Quix__Sdk__Token: 't' }).brokers,
    ).toEqual(['main:1']);
  });

  it('treats an empty value as unset, as Quix passes optional variables', () => {
    expect(loadConfig(variables, { output: '', PORT: ' ', Quix__Sdk__Token: 't' })).toMatchObject({ topic: 'cpu-load', port: 8080 });
  });

  it('reports every problem at once, each named by its variable', () => {
    const problems = problemsOf({ QUIX_MESSAGE_FORMAT: 'xml', PORT: '70000', INTERVAL_MS: '-5', KAFKA_BROKERS: 'nohost' });
    expect(problems).toEqual([
      expect.stringMatching(/^KAFKA_BROKERS: each broker must be host:port.*got "nohost"/),
      expect.stringMatching(/^QUIX_MESSAGE_FORMAT: must be one of json, quix/),
      expect.stringMatching(/^PORT: must be between 0 and 65535/),
      expect.stringMatching(/^INTERVAL_MS: must be above 0/),
      expect.stringMatching(/^Quix__Sdk__Token: .*it is not set/),
    ]);
  });

  it('never shows the value of a secret in a problem', () => {
    const secretVars = { token: variable('TOKEN', z.string().min(50, 'is too short'), { description: 't', secret: true }) };
    expect(() => loadConfig(secretVars, { TOKEN: 'hunter2' })).toThrow(/TOKEN: is too short \(value hidden\)/);
    expect(() => loadConfig(secretVars, { TOKEN: 'hunter2' })).not.toThrow(/hunter2/);
  });

  it('lists the problems of checks across variables together with those of single values', () => {
    const check = () => [{ variable: 'PORT', message: 'clashes' }];
    expect(() => loadConfig(variables, { Quix__Sdk__Token: 't' }, [check])).toThrow(/PORT: clashes/);
    const problems = (() => {
      try {
        loadConfig(variables, { INTERVAL_MS: 'abc' }, [check]);
      } catch (error) {
        return (error as ConfigError).problems.map((p) => p.variable);
      }
      return [];
    })();
    expect(problems).toEqual(['INTERVAL_MS', 'Quix__Sdk__Token', 'PORT']);
  });

  it('skips a cross check that cannot run on invalid values, and never repeats a variable already listed', () => {
    const needsToken = (c: { token: string }) => (c.token.length < 3 ? [{ variable: 'Quix__Sdk__Token', message: 'too short' }] : []);
    const aboutPort = () => [{ variable: 'PORT', message: 'clashes' }];
    try {
      loadConfig(variables, { PORT: 'x' }, [needsToken as never, aboutPort]);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual(['PORT', 'Quix__Sdk__Token']);
    }
  });

  it('derives "required" from the schema', () => {
    expect(variables.token.required).toBe(true);
    expect(variables.topic.required).toBe(false);
    expect(variables.brokers.required).toBe(false);
  });
});

describe('durations', () => {
  it.each([
    ['2147483648', /between 1 and 2147483647 ms/],
    ['0', /between 1 and/],
    ['1.5', /whole number of ms/],
    ['soon', /whole number of ms/],
  ])('refuses %s', (value, message) => {
    expect(() => loadConfig({ d: variable('D_MS', durationMs(), { description: 'd' }) }, { D_MS: value })).toThrow(message);
  });

  it('takes a value within the range', () => {
    expect(loadConfig({ d: variable('D_MS', durationMs({ min: 0, max: 60_000 }), { description: 'd' }) }, { D_MS: '0' }).d).toBe(0);
  });
});
