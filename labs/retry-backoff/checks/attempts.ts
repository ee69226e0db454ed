import { defineStage } from '../../../src/grader/api.js';
import { expectAgrees, fails, ok, run, type Scenario } from './shared.js';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
const randoms = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5];

export const stage = defineStage({
  id: 'attempts',
  checks: [
    {
      id: 'first-success',
      title: 'A first attempt that succeeds returns its value at once, with no sleep',
      async run(ctx) {
        const s: Scenario = { policy, script: [ok(20)], randoms };
        expectAgrees(await run(ctx, s), s, 'fn succeeds on attempt 1: retry must call it once, at once, and return its value with attempts 1 and no delays', { loose: true });
      },
    },
    {
      id: 'success-after-failures',
      title: 'Failures are retried until an attempt succeeds',
      async run(ctx) {
        const s: Scenario = { policy, script: [...fails(2, 10), ok(10)], randoms };
        expectAgrees(await run(ctx, s), s, 'attempts 1 and 2 fail and attempt 3 succeeds (maxAttempts 5): three calls, fn(1), fn(2), fn(3), a sleep between each', { loose: true });
      },
    },
    {
      id: 'exhausted',
      title: 'After maxAttempts failures the retry gives up with a RetryError, and never sleeps after the last call',
      async run(ctx) {
        const s: Scenario = { policy: { ...policy, maxAttempts: 3 }, script: fails(5, 10), randoms };
        expectAgrees(await run(ctx, s), s, 'every attempt fails and maxAttempts is 3 (the first attempt included): exactly 3 calls, 2 sleeps, then RetryError "exhausted"', { loose: true });
      },
    },
    {
      id: 'one-attempt',
      title: 'maxAttempts 1 means a single call and no sleep',
      async run(ctx) {
        const s: Scenario = { policy: { ...policy, maxAttempts: 1 }, script: fails(3), randoms };
        expectAgrees(await run(ctx, s), s, 'maxAttempts 1: one call, no sleep, then RetryError "exhausted" with attempts 1', { loose: true });
      },
    },
    {
      id: 'below-one-means-one',
      title: 'maxAttempts below 1 is treated as 1',
      async run(ctx) {
        for (const maxAttempts of [0, -3]) {
          const s: Scenario = { policy: { ...policy, maxAttempts }, script: fails(3), randoms };
          expectAgrees(await run(ctx, s), s, `maxAttempts ${maxAttempts} is below 1, so it means 1: one call, no sleep, then RetryError "exhausted"`, { loose: true });
        }
      },
    },
  ],
});
