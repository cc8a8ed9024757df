import perfHooks from 'node:perf_hooks';
import { EVENT_LOOP_SAMPLE_MS, createMetrics } from './metrics.js';

describe('the default process metrics', () => {
  it(`sample the event-loop lag every ${EVENT_LOOP_SAMPLE_MS} ms, not at prom-client's 10 ms (100 wake-ups a second)`, async () => {
    const monitor = jest.spyOn(perfHooks, 'monitorEventLoopDelay');
    const metrics = createMetrics('test-app', () => ({ queuedMessages: 0, queuedBytes: 0, bufferedRows: 0 }), () => ({ ready: true, reasons: [] }));
    try {
      expect(monitor).toHaveBeenCalledWith({ resolution: EVENT_LOOP_SAMPLE_MS });
      expect(EVENT_LOOP_SAMPLE_MS).toBeGreaterThanOrEqual(100);
      // the lag metrics are still published
      expect(await metrics.registry.getSingleMetricAsString('nodejs_eventloop_lag_p99_seconds')).toMatch(/^nodejs_eventloop_lag_p99_seconds\{app="test-app"\} [\d.e-]+$/m);
    } finally {
      metrics.stop();
      monitor.mockRestore();
    }
  });
});
