import type { OutputStream, QuixProducer } from '@quix-connectors/quix-producer';
import { fixedRate, systemClock, type Clock, type Logger, type RunningApp } from '@quix-connectors/service';
import type { Sampler } from './sample-system.js';

export interface CpuPublisherOptions {
  producer: QuixProducer;
  sample: Sampler;
  host: string;
  streamId: string;
  streamName: string;
  intervalMs: number;
  logger: Logger;
  clock?: Clock;
}

export interface CpuPublisher extends RunningApp {
  readonly stream: OutputStream;
}

/**
 * Samples the machine at a fixed rate into one buffered time series stream. `close()` stops
 * sampling and closes the stream (flush, StreamEnd, acknowledged).
 */
export async function startCpuPublisher(options: CpuPublisherOptions): Promise<CpuPublisher> {
  const { producer, sample, logger } = options;
  const stream = await producer.createStream(options.streamId, {
    properties: { name: options.streamName, location: `/cpu/${options.host}`, metadata: { host: options.host, source: 'cpu-publisher' } },
  });
  const schedule = fixedRate(
    async () => stream.timeseries.add(await sample()),
    (err) => logger.error({ err }, 'a sample could not be taken or buffered'),
    { intervalMs: options.intervalMs, clock: options.clock ?? systemClock },
  );
  logger.info({ streamId: options.streamId, intervalMs: options.intervalMs }, 'sampling');
  return {
    stream,
    async close() {
      await schedule.stop();
      if (schedule.skipped > 0) logger.warn({ skipped: schedule.skipped }, 'samples were skipped because sampling overran the interval');
      await stream.close();
    },
  };
}
