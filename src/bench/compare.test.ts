import { describe, expect, it } from 'vitest';
import { judge } from './compare.js';
import type { BenchStats } from './stats.js';

const rule = { minThroughputRatio: 0.5, maxP99Factor: 3, p99SlackMs: 5, maxErrors: 0 };
const stats = (rps: number, p99: number, extra: Partial<BenchStats> = {}): BenchStats => ({
  requestsPerSecond: rps, completed: rps, durationSeconds: 1, connections: 10, errors: 0, unexpected: {},
  latency: { mean: p99 / 2, p50: p99 / 2, p90: p99 * 0.8, p99, max: p99 * 2, cdf: [] }, ...extra,
});

describe('judge', () => {
  it('a server that answered nothing fails on that alone: no "every request answered", no p99 of 0 ms', () => {
    const v = judge(stats(0, 0, { completed: 0 }), stats(1000, 2), { ...rule, minThroughputRatio: 0 });
    expect(v.passed).toBe(false);
    expect(v.reasons).toEqual([{ ok: false, text: 'no request was answered in 1 s of load (0 without an answer)' }]);
  });
  it('passes at exactly half the throughput and exactly 3x + 5 ms', () => {
    expect(judge(stats(500, 11), stats(1000, 2), rule).passed).toBe(true);
  });
  it('fails just under half the throughput, naming the figures', () => {
    const v = judge(stats(499, 2), stats(1000, 2), rule);
    expect(v.passed).toBe(false);
    expect(v.reasons[0]).toMatchObject({ ok: false });
    expect(v.reasons[0].text).toContain('at least 500 needed');
  });
  it('fails a p99 just above the bound', () => {
    const v = judge(stats(1000, 11.01), stats(1000, 2), rule);
    expect(v.passed).toBe(false);
    expect(v.reasons[0].text).toContain('p99');
  });
  it('counts errors and unexpected statuses against maxErrors', () => {
    expect(judge(stats(1000, 2, { errors: 1 }), stats(1000, 2), rule).passed).toBe(false);
    const v = judge(stats(1000, 2, { unexpected: { 404: 3 } }), stats(1000, 2), rule);
    expect(v.passed).toBe(false);
    expect(v.reasons[0].text).toContain('3 answered 404');
    expect(judge(stats(1000, 2, { errors: 2 }), stats(1000, 2), { ...rule, maxErrors: 2 }).passed).toBe(true);
  });
});
