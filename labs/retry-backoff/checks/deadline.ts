import { defineStage } from '../../../src/grader/api.js';
import { expectAgrees, fails, ok, run, type Scenario } from './shared.js';

// Attempts of 10 ms and random() at 0.5 with baseDelay 100 ms: attempt 1 ends at t=10, sleeps 50 ms
// to t=60; attempt 2 ends at 70, sleeps 100 ms to 170; attempt 3 ends at 180, would sleep 200 ms to 380.
const base = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 10_000 };
const script = [...fails(3, 10), ok(10)];
const randoms = [0.5, 0.5, 0.5, 0.5, 0.5];

export const stage = defineStage({
  id: 'deadline',
  checks: [
    {
      id: 'sleep-ends-before-deadline',
      title: 'A sleep that ends just before the deadline is taken, and the next attempt runs',
      async run(ctx) {
        const s: Scenario = { policy: { ...base, deadlineMs: 381 }, script, randoms };
        expectAgrees(await run(ctx, s), s, 'deadline 381 ms: the third sleep ends at t=380, 1 ms before it, so it is slept and attempt 4 runs (and succeeds)');
      },
    },
    {
      id: 'sleep-past-deadline-skipped',
      title: 'A sleep that would end just after the deadline is skipped: the retry gives up at once',
      async run(ctx) {
        const s: Scenario = { policy: { ...base, deadlineMs: 379 }, script, randoms };
        expectAgrees(await run(ctx, s), s, 'deadline 379 ms: the third sleep would end at t=380, past it, so retry must give up at t=180 without sleeping: RetryError "deadline", attempts 3');
      },
    },
    {
      id: 'first-gap',
      title: 'The deadline applies to the first sleep too',
      async run(ctx) {
        const before: Scenario = { policy: { ...base, deadlineMs: 61 }, script, randoms };
        expectAgrees(await run(ctx, before), before, 'deadline 61 ms: the first sleep ends at t=60, before it, so attempt 2 runs');
        const after: Scenario = { policy: { ...base, deadlineMs: 59 }, script, randoms };
        expectAgrees(await run(ctx, after), after, 'deadline 59 ms: the first sleep would end at t=60, past it: give up after attempt 1, no sleep');
      },
    },
    {
      id: 'attempt-time-counts',
      title: 'Time spent inside fn counts against the deadline',
      async run(ctx) {
        const slow: Scenario = { policy: { ...base, deadlineMs: 600 }, script: [...fails(2, 250), ok()], randoms };
        expectAgrees(await run(ctx, slow), slow, 'attempts take 250 ms each, deadline 600 ms: attempt 1 ends at 250, sleeps 50 to 300; attempt 2 ends at 550 and a 100 ms sleep would end at 650: give up (read the clock; do not add up the delays)');
        const overrun: Scenario = { policy: { ...base, deadlineMs: 400 }, script: [...fails(1, 500), ok()], randoms };
        expectAgrees(await run(ctx, overrun), overrun, 'attempt 1 alone takes 500 ms, past the 400 ms deadline: give up at once, no sleep, RetryError "deadline"');
      },
    },
    {
      id: 'exhausted-before-deadline',
      title: 'Running out of attempts is "exhausted" even with time left',
      async run(ctx) {
        const s: Scenario = { policy: { ...base, maxAttempts: 3, deadlineMs: 100_000 }, script: fails(3, 10), randoms };
        expectAgrees(await run(ctx, s), s, 'maxAttempts 3 with plenty of time left: RetryError "exhausted", not "deadline"');
      },
    },
    {
      id: 'no-deadline',
      title: 'deadlineMs 0 means no deadline',
      async run(ctx) {
        const s: Scenario = { policy: { ...base, maxAttempts: 5, baseDelayMs: 1000, deadlineMs: 0 }, script: fails(5, 10), randoms };
        expectAgrees(await run(ctx, s), s, 'deadline 0 means none: all 5 attempts are made, 4 sleeps of 500, 1000, 2000, 4000 ms');
      },
    },
    {
      id: 'cancelled-while-sleeping',
      title: 'A cancellation during a sleep ends the retry before the next attempt, with the cancellation itself',
      async run(ctx) {
        const s: Scenario = { policy: base, script: fails(6, 10), randoms, cancelDuringSleep: 2 };
        expectAgrees(await run(ctx, s), s, 'the signal is aborted (Go: ctx cancelled) during the second sleep: no third attempt; retry must fail with the signal\'s reason (Go: ctx.Err()) unchanged');
      },
    },
    {
      id: 'cancelled-before-first-attempt',
      title: 'A signal aborted before retry is called means no attempt at all',
      async run(ctx) {
        const s: Scenario = { policy: base, script: [ok(10)], randoms, cancelAtStart: true };
        expectAgrees(await run(ctx, s), s, 'the signal is aborted (Go: ctx cancelled) before retry is called: cancellation is checked before every attempt, the first included, so fn is never called and retry fails with the signal\'s reason (Go: ctx.Err()) unchanged');
      },
    },
  ],
});
