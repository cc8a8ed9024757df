import { metricValue } from './metrics-text.js';

const TEXT = `# HELP twitter_posts_received_total posts read
# TYPE twitter_posts_received_total counter
twitter_posts_received_total{app="twitter-source"} 1234
twitter_reconnects_total{reason="closed",kind="none",app="twitter-source"} 2
twitter_reconnects_total{reason="network",kind="network",app="twitter-source"} 3
twitter_posts_received_total_extra 9
odd{label="a \\"quoted\\" value"} 5
not_a_number NaN
`;

describe('metricValue', () => {
  it.each([
    ['twitter_posts_received_total', {}, 1234],
    ['twitter_reconnects_total', {}, 5],
    ['twitter_reconnects_total', { reason: 'network' }, 3],
    ['twitter_reconnects_total', { reason: 'stall' }, undefined],
    ['odd', { label: 'a "quoted" value' }, 5],
    ['missing_metric', {}, undefined],
    ['not_a_number', {}, undefined],
  ])('%s %j -> %s', (name, labels, expected) => {
    expect(metricValue(TEXT, name, labels)).toBe(expected);
  });
});
