import { FakeClock } from './fake-clock.js';
import { ReportThrottle } from './report-throttle.js';

describe('ReportThrottle', () => {
  it('reports a cause at once, then once per interval with how many were held back', async () => {
    const clock = new FakeClock(0);
    const throttle = new ReportThrottle(clock, 10_000);
    expect(throttle.take('broker down')).toEqual({ report: true, suppressed: 0 });
    for (let i = 0; i < 99; i++) expect(throttle.take('broker down').report).toBe(false);
    expect(throttle.take('other cause').report).toBe(true);
    await clock.advance(10_000);
    expect(throttle.take('broker down')).toEqual({ report: true, suppressed: 99 });
    expect(throttle.take('broker down')).toEqual({ report: false, suppressed: 1 });
  });

  it('reports a cleared cause again at once', () => {
    const throttle = new ReportThrottle(new FakeClock(0), 10_000);
    throttle.take('x');
    throttle.clear('x');
    expect(throttle.take('x').report).toBe(true);
  });
});
