import type { ClientOp, LatencySummary } from './types.js';

/** Latency of the ops that got a reply (virtual ms), with nearest-rank percentiles; zeros when none did. */
export function latencySummary(ops: readonly ClientOp[]): LatencySummary {
  const values = ops.filter((op) => op.status === 'ok').map((op) => op.completedAt! - op.invokedAt).sort((a, b) => a - b);
  const n = values.length;
  if (n === 0) return { count: 0, min: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  const rank = (p: number) => values[Math.max(0, Math.ceil(p * n) - 1)];
  const mean = values.reduce((sum, v) => sum + v, 0) / n;
  return { count: n, min: values[0], p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: values[n - 1], mean: Math.round(mean * 10) / 10 };
}
