import { ConfigError, loadConfig } from '@quix-connectors/config';
import { cpuPublisherVariables } from './cpu-variables.js';

const load = (env: Record<string, string>) => loadConfig(cpuPublisherVariables, env);

describe('cpu-publisher variables', () => {
  it('samples every group, and leaves out lo, loop and ram devices and Telegraf\'s pseudo filesystems, by default', () => {
    expect(load({})).toMatchObject({
      metricGroups: ['cpu', 'memory', 'load', 'filesystem', 'network', 'diskio'],
      networkIgnoreInterfaces: ['lo'],
      diskIgnoreDevices: ['loop*', 'ram*'],
      filesystemIgnoreTypes: ['tmpfs', 'devtmpfs', 'devfs', 'iso9660', 'overlay', 'aufs', 'squashfs'],
    });
  });

  it('takes groups in any order and spelling of spaces, each once, in the order their parameters appear', () => {
    expect(load({ METRIC_GROUPS: ' network, cpu ,network' }).metricGroups).toEqual(['cpu', 'network']);
  });

  it('reads `none` as an empty ignore list', () => {
    expect(load({ NETWORK_IGNORE_INTERFACES: 'none', DISK_IGNORE_DEVICES: 'loop*, sd?[0-9]*' })).toMatchObject({ networkIgnoreInterfaces: [], diskIgnoreDevices: ['loop*', 'sd?[0-9]*'] });
  });

  it('stops at start naming an unknown group, and refuses an empty choice', () => {
    const problems = (env: Record<string, string>) => {
      try {
        load(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    };
    expect(problems({ METRIC_GROUPS: 'cpu,disk,gpu' })).toEqual([
      { variable: 'METRIC_GROUPS', message: expect.stringMatching(/^disk, gpu: each group must be one of cpu, memory, load, filesystem, network, diskio/) },
    ]);
    expect(problems({ METRIC_GROUPS: 'none' })).toEqual([{ variable: 'METRIC_GROUPS', message: expect.stringContaining('must name at least one group') }]);
  });
});
