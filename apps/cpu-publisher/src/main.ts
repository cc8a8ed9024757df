import { hostname } from 'node:os';
import { runService } from '@quix-connectors/service';
import { startCpuPublisher } from './app/cpu-publisher.js';
import { cpuPublisherVariables } from './app/cpu-variables.js';
import { systemSampler } from './app/sample-system.js';

await runService({
  name: 'cpu-publisher',
  variables: cpuPublisherVariables,
  start: async ({ config, producer, logger, metrics, clock }) => {
    const host = hostname();
    const sample = await systemSampler({
      host,
      groups: config.metricGroups,
      filesystemIgnoreTypes: config.filesystemIgnoreTypes,
      networkIgnoreInterfaces: config.networkIgnoreInterfaces,
      diskIgnoreDevices: config.diskIgnoreDevices,
      clock,
      logger: logger.child({ component: 'sampler' }),
    });
    return startCpuPublisher({
      producer,
      logger,
      metrics,
      clock,
      host,
      sample,
      streamId: config.streamId ?? host,
      streamName: config.streamName ?? `CPU Load - ${host}`,
      intervalMs: config.intervalMs,
      maxUndeliveredSamples: Math.max(1, Math.ceil(config.maxUndeliveredMs / config.intervalMs)),
    });
  },
});
