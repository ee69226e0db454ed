import { defineStage } from '../../../src/grader/api.js';
import { expectEnvelope, fails, run, type Scenario } from './shared.js';

/** As close to 1 as the checks go: each delay must then sit just below its cap. */
const NEAR_ONE = 1 - 2 ** -20;
const nearOne = (n: number): number[] => Array.from({ length: n }, () => NEAR_ONE);

export const stage = defineStage({
  id: 'backoff',
  checks: [
    {
      id: 'doubles',
      title: 'The cap starts at baseDelay and doubles after every failure',
      async run(ctx) {
        const s: Scenario = { policy: { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 100_000 }, script: fails(8), randoms: nearOne(8) };
        expectEnvelope(await run(ctx, s), s, 'baseDelay 100 ms, maxDelay far away: the caps are 100, 200, 400 … 6400 ms');
      },
    },
    {
      id: 'capped',
      title: 'No delay goes above maxDelay',
      async run(ctx) {
        const s: Scenario = { policy: { maxAttempts: 9, baseDelayMs: 100, maxDelayMs: 1000 }, script: fails(9), randoms: nearOne(9) };
        expectEnvelope(await run(ctx, s), s, 'baseDelay 100 ms, maxDelay 1000 ms: the caps are 100, 200, 400, 800, then 1000 ms for every later attempt');
      },
    },
    {
      id: 'base-above-max',
      title: 'A baseDelay above maxDelay is capped from the first delay',
      async run(ctx) {
        const s: Scenario = { policy: { maxAttempts: 4, baseDelayMs: 5000, maxDelayMs: 2000 }, script: fails(4), randoms: nearOne(4) };
        expectEnvelope(await run(ctx, s), s, 'baseDelay 5000 ms is above maxDelay 2000 ms: every cap, the first one too, is 2000 ms');
      },
    },
    {
      id: 'far-attempts',
      title: 'The cap stays right after 70 attempts (no integer overflow)',
      async run(ctx) {
        const s: Scenario = { policy: { maxAttempts: 70, baseDelayMs: 1, maxDelayMs: 60_000 }, script: fails(70), randoms: nearOne(70) };
        expectEnvelope(await run(ctx, s), s, 'baseDelay 1 ms for 70 attempts: baseDelay × 2^69 is far beyond any integer (a shift wraps around), and every cap from attempt 17 on is maxDelay 60000 ms');
      },
    },
  ],
});
