import type { OutputStream, QuixProducer } from '@quix-connectors/quix-producer';
import type { Logger, RunningApp } from '@quix-connectors/service';
import { fixedRate, ReportThrottle, systemClock, type Clock } from '@quix-connectors/timing';
import { Counter, type Registry } from 'prom-client';
import type { Sampler } from './sample-system.js';

export interface CpuPublisherOptions {
  producer: QuixProducer;
  sample: Sampler;
  host: string;
  streamId: string;
  streamName: string;
  intervalMs: number;
  /**
   * Most samples held while Kafka has not acknowledged them (buffered, queued, in flight). While
   * the broker is down, samples past this are dropped (counted and logged), so memory stays bounded.
   */
  maxUndeliveredSamples: number;
  logger: Logger;
  metrics?: Registry;
  clock?: Clock;
}

export interface CpuPublisher extends RunningApp {
  readonly stream: OutputStream;
  /** Samples dropped because Kafka had not taken the earlier ones. */
  readonly dropped: number;
}

/**
 * Samples the machine at a fixed rate into one buffered time series stream. `close()` stops
 * sampling and closes the stream (flush, StreamEnd, acknowledged).
 */
export async function startCpuPublisher(options: CpuPublisherOptions): Promise<CpuPublisher> {
  const { producer, sample, logger } = options;
  const clock = options.clock ?? systemClock;
  const droppedTotal = new Counter({
    name: 'cpu_samples_dropped_total',
    help: 'Samples dropped because Kafka had not acknowledged MAX_UNDELIVERED_MS of earlier ones',
    registers: options.metrics ? [options.metrics] : [],
  });
  const throttle = new ReportThrottle(clock, 60_000);
  let dropped = 0;
  const stream = await producer.createStream(options.streamId, {
    properties: { name: options.streamName, location: `/cpu/${options.host}`, metadata: { host: options.host, source: 'cpu-publisher' } },
  });
  const tick = async () => {
    const row = await sample();
    if (stream.timeseries.unackedRows >= options.maxUndeliveredSamples) {
      dropped += 1;
      droppedTotal.inc();
      const verdict = throttle.take('dropped');
      if (verdict.report) {
        logger.warn(
          { dropped, undelivered: stream.timeseries.unackedRows, limit: options.maxUndeliveredSamples },
          'Kafka has not acknowledged the samples of the last MAX_UNDELIVERED_MS; dropping new samples until it does',
        );
      }
      return;
    }
    await stream.timeseries.add(row);
  };
  const schedule = fixedRate(tick, (err) => logger.error({ err }, 'a sample could not be taken or buffered'), { intervalMs: options.intervalMs, clock });
  logger.info({ streamId: options.streamId, intervalMs: options.intervalMs, maxUndeliveredSamples: options.maxUndeliveredSamples }, 'sampling');
  return {
    stream,
    get dropped() {
      return dropped;
    },
    async close() {
      await schedule.stop();
      if (schedule.skipped > 0) logger.warn({ skipped: schedule.skipped }, 'samples were skipped because sampling overran the interval');
      if (dropped > 0) logger.warn({ dropped }, 'samples were dropped while Kafka was not taking them');
      await stream.close();
    },
  };
}
