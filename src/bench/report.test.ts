import { describe, expect, it } from 'vitest';
import type { BenchReport } from '../grader/events.js';
import { benchReportLines } from './report.js';
import type { BenchStats } from './stats.js';

const stats = (rps: number, p99: number): BenchStats => ({
  requestsPerSecond: rps, completed: rps * 2, durationSeconds: 2, connections: 8, errors: 0, unexpected: {},
  latency: { mean: p99 / 3, p50: p99 / 4, p90: p99 / 2, p99, max: p99 * 2, cdf: [[50, p99 / 4], [90, p99 / 2], [99, p99], [100, p99 * 2]] },
});

const report = (baseline?: BenchReport['baseline']): BenchReport => ({
  yours: stats(5000, 12), reference: stats(6000, 10), ...(baseline ? { baseline } : {}),
  referenceCached: false, referenceMeasuredAt: '2026-01-01T00:00:00.000Z', durationSeconds: 2, warmupSeconds: 0, connections: 8, machine: 'test',
  verdict: { passed: true, reasons: [{ ok: true, text: 'throughput fine' }] },
});

describe('benchReportLines', () => {
  it('puts yours beside the reference', () => {
    const lines = benchReportLines(report());
    expect(lines[1]).toMatch(/^\s+yours\s+reference$/);
    expect(lines.find((l) => l.startsWith('requests/s'))).toMatch(/5,000\s+6,000$/);
  });

  it('adds the baseline as a third column and reports the overhead against it', () => {
    const lines = benchReportLines(report({ label: 'one backend directly', stats: stats(20000, 3) }));
    expect(lines[1]).toMatch(/yours\s+reference\s+one backend directly$/);
    expect(lines.find((l) => l.startsWith('requests/s'))).toMatch(/5,000\s+6,000\s+20,000$/);
    expect(lines).toContain('Overhead against one backend directly: 75% less throughput, p99 +9.00 ms');
  });
});
