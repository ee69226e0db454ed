import type { BenchStats } from './stats.js';

/** The parts of autocannon's aggregated result we read. */
export interface AutocannonResult {
  latency?: Record<string, number>;
  duration: number;
  totalCompletedRequests?: number;
  requests?: { total?: number };
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
  connections?: number;
}

/** autocannon's latency percentiles, in the order of the CDF (keys like p97_5). */
export const PERCENTILES = ['0.001', '0.01', '0.1', '1', '2.5', '10', '25', '50', '75', '90', '97.5', '99', '99.9', '99.99', '99.999'];

export function toStats(result: AutocannonResult, job: { connections: number; expectStatus: number[] }): BenchStats {
  const latency = result.latency ?? {};
  const at = (p: string) => latency[`p${p.replace('.', '_')}`] ?? 0;
  const max = latency.max ?? 0;
  const cdf: [number, number][] = [];
  const completed = result.totalCompletedRequests ?? result.requests?.total ?? 0;
  if (completed > 0) {
    cdf.push([0, latency.min ?? at('0.001')]);
    for (const p of PERCENTILES) cdf.push([Number(p), at(p)]);
    cdf.push([100, max]);
  }
  const unexpected: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) {
    if (!job.expectStatus.includes(Number(status))) unexpected[status] = count;
  }
  const duration = result.duration > 0 ? result.duration : 1;
  return {
    requestsPerSecond: completed / duration,
    completed,
    durationSeconds: duration,
    connections: job.connections,
    latency: { mean: latency.mean ?? 0, p50: at('50'), p90: at('90'), p99: at('99'), max, cdf: monotone(cdf) },
    errors: result.errors + result.timeouts,
    unexpected,
  };
}

/** HDR percentiles are monotone, but rounding can tie them; keep the CDF non-decreasing for interpolation. */
function monotone(cdf: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [p, v] of cdf) {
    const prev = out[out.length - 1];
    out.push([p, prev ? Math.max(prev[1], v) : v]);
  }
  return out;
}
