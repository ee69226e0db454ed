import { defineStage } from '../../../src/grader/api.js';
import { expectAgrees, fails, ok, run, type Scenario } from './shared.js';

export const stage = defineStage({
  id: 'jitter',
  checks: [
    {
      id: 'full-jitter',
      title: 'Each delay is random() × cap, with random() drawn once per delay',
      async run(ctx) {
        const s: Scenario = {
          policy: { maxAttempts: 7, baseDelayMs: 100, maxDelayMs: 1000 },
          script: fails(7, 5), randoms: [0.5, 0.25, 0.75, 0.125, 0.875, 0.0625],
        };
        expectAgrees(await run(ctx, s), s, 'full jitter: delay(n) = random() × min(maxDelay, baseDelay × 2^(n−1)), anywhere from 0 up to the cap');
      },
    },
    {
      id: 'zero-random',
      title: 'random() at 0 gives a delay of 0, and the sleep still happens',
      async run(ctx) {
        const s: Scenario = { policy: { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5000 }, script: [...fails(3, 7), ok()], randoms: [0, 0, 0] };
        expectAgrees(await run(ctx, s), s, 'random() returns 0 every time: every delay is 0 ms (full jitter may retry at once), and sleep(0) is still called before each retry');
      },
    },
    {
      id: 'random-values',
      title: 'Random values from the checks are applied exactly, each to its own attempt\'s cap',
      async run(ctx) {
        const randoms = Array.from({ length: 11 }, () => ctx.random.int(0, 1023) / 1024);
        const s: Scenario = { policy: { maxAttempts: 12, baseDelayMs: 30, maxDelayMs: 4000 }, script: fails(12, 3), randoms };
        expectAgrees(await run(ctx, s), s, 'each delay is the next random() value times that attempt\'s cap (30, 60, 120 … ms, at most 4000)');
      },
    },
  ],
});
