import { defineStage } from '../../../src/grader/api.js';
import { expectAgrees, fails, fatal, ok, run, type Scenario } from './shared.js';

const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, predicate: true };
const randoms = [0.5, 0.5, 0.5, 0.5, 0.5];

export const stage = defineStage({
  id: 'retryable',
  checks: [
    {
      id: 'not-retryable-at-once',
      title: 'An error isRetryable rejects ends the retry at once, unchanged',
      async run(ctx) {
        const s: Scenario = { policy, script: [fatal(10), ok()], randoms };
        expectAgrees(await run(ctx, s), s, 'attempt 1 fails with an error isRetryable rejects: retry must fail with that very error at once (not wrapped in a RetryError), with no sleep and no random()');
      },
    },
    {
      id: 'not-retryable-after-retries',
      title: 'A non-retryable error after retryable ones still ends the retry at once',
      async run(ctx) {
        const s: Scenario = { policy, script: [...fails(2, 10), fatal(10), ok()], randoms };
        expectAgrees(await run(ctx, s), s, 'attempts 1 and 2 fail with retryable errors, attempt 3 with one isRetryable rejects: three calls, two sleeps, then that very error');
      },
    },
    {
      id: 'not-retryable-on-last-attempt',
      title: 'isRetryable is asked before maxAttempts: a non-retryable last error is passed on unchanged',
      async run(ctx) {
        const s: Scenario = { policy: { ...policy, maxAttempts: 2 }, script: [fails(1)[0], fatal()], randoms };
        expectAgrees(await run(ctx, s), s, 'the last allowed attempt fails with an error isRetryable rejects: the contract asks isRetryable first, so that very error comes back, not a RetryError');
      },
    },
    {
      id: 'no-predicate-retries-everything',
      title: 'Without isRetryable every error is retried',
      async run(ctx) {
        const s: Scenario = { policy: { ...policy, predicate: false }, script: [fatal(5), fatal(5), ok()], randoms };
        expectAgrees(await run(ctx, s), s, 'no isRetryable is given, so every error is retryable: two failures, two sleeps, success on attempt 3');
      },
    },
    {
      id: 'last-error-kept',
      title: 'A RetryError carries the very error of the last call, and onRetry each attempt\'s own error',
      async run(ctx) {
        const s: Scenario = { policy: { ...policy, predicate: false, maxAttempts: 3 }, script: [fails(1)[0], fatal(), fails(1)[0]], randoms };
        expectAgrees(await run(ctx, s), s, 'three failures: RetryError "exhausted", its lastError the very error of attempt 3, and onRetry given the errors of attempts 1 and 2');
      },
    },
  ],
});
