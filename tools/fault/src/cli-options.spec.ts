import { parseSuiteOptions } from './cli-options.js';

describe('parseSuiteOptions', () => {
  it('defaults to every app, outages of 20 s, 90 s and 5 min, json, and the SIGTERM-while-down case', () => {
    expect(parseSuiteOptions([])).toEqual({
      apps: ['cpu-publisher', 'webhook-receiver', 'twitter-source', 'rest-poller', 'csv-importer'],
      outagesMs: [20_000, 90_000, 300_000],
      format: 'json',
      termWhileDown: true,
      warmupMs: 15_000,
      recoveryMs: 20_000,
      termAfterMs: 10_000,
      shutdownTimeoutMs: 5_000,
      out: undefined,
      build: true,
    });
  });

  it('takes the apps, outages, format and switches given', () => {
    expect(parseSuiteOptions(['--apps', 'rest-poller,csv-importer', '--outages', '5,60', '--format', 'quix', '--no-term-while-down', '--no-build', '--out', '/tmp/x'])).toMatchObject({
      apps: ['rest-poller', 'csv-importer'],
      outagesMs: [5_000, 60_000],
      format: 'quix',
      termWhileDown: false,
      build: false,
      out: '/tmp/x',
    });
  });

  it('--short is the CI variant, and what is given beside it wins', () => {
    expect(parseSuiteOptions(['--short'])).toMatchObject({ apps: ['cpu-publisher', 'webhook-receiver'], outagesMs: [20_000], warmupMs: 10_000, recoveryMs: 10_000, termWhileDown: false });
    expect(parseSuiteOptions(['--short', '--apps', 'csv-importer', '--term-while-down'])).toMatchObject({ apps: ['csv-importer'], outagesMs: [20_000], termWhileDown: true });
  });

  it('lists every problem at once', () => {
    expect(() => parseSuiteOptions(['--apps', 'cpu-publisher,nope', '--outages', '20,x', '--format', 'xml', '--warmup-s=-1', '--shutdown-timeout-ms', '0'])).toThrow(
      /Invalid options \(5 problems\):\n {2}- --apps: unknown app "nope".*\n {2}- --outages: .*\n {2}- --format: must be json or quix \(got "xml"\)\n {2}- --shutdown-timeout-ms: .*\n {2}- --warmup-s: must be a number of seconds/,
    );
  });
});
