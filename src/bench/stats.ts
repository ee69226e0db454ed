import { z } from 'zod';

/** One measurement of one server: what the report shows, the rule judges and the cache keeps. */
export const BenchStats = z.object({
  requestsPerSecond: z.number().nonnegative(),
  /** Answers received during the measured time. */
  completed: z.number().int().nonnegative(),
  durationSeconds: z.number().positive(),
  connections: z.number().int().positive(),
  /** Latency in ms. `cdf` holds [percentile, ms] points from 0.001 to 100, for the histogram. */
  latency: z.object({
    mean: z.number(), p50: z.number(), p90: z.number(), p99: z.number(), max: z.number(),
    cdf: z.array(z.tuple([z.number(), z.number()])),
  }),
  /** Requests with no answer (refused, reset, timed out). */
  errors: z.number().int().nonnegative(),
  /** Answers whose status the lab does not expect, by status. */
  unexpected: z.record(z.string(), z.number().int().nonnegative()),
});
export type BenchStats = z.infer<typeof BenchStats>;

export function unexpectedCount(stats: BenchStats): number {
  return Object.values(stats.unexpected).reduce((a, b) => a + b, 0);
}
