import { parse, variable } from '@quix-connectors/config';
import { baseVariables } from '@quix-connectors/service';

/** Everything cpu-publisher reads from the environment. */
export const cpuPublisherVariables = {
  ...baseVariables({ topic: 'cpu-load', port: 8080, bufferTimeSpanMs: 100 }),
  streamId: variable('STREAM_ID', parse.text().optional(), {
    description: 'Stream id (the Kafka message key). Default: the host name.',
  }),
  streamName: variable('STREAM_NAME', parse.text().optional(), {
    description: 'Stream name shown in Quix. Default: "CPU Load - <host>".',
  }),
  intervalMs: variable('SAMPLE_INTERVAL_MS', parse.durationMs({ max: 86_400_000 }).default(1000), {
    description: 'How often to sample, ms. Samples keep a fixed rate without drift; a late sample never makes the next one early.',
    defaultValue: '1000',
  }),
  maxUndeliveredMs: variable('MAX_UNDELIVERED_MS', parse.durationMs({ max: 86_400_000 }).default(600_000), {
    description:
      'While Kafka is down, samples are kept for up to this span (default 10 minutes) and delivered once it is back; newer samples beyond it are dropped, counted in cpu_samples_dropped_total and logged.',
    defaultValue: '600000',
  }),
};
