import { defineStage, expectMatch, expectThat } from '../../../src/grader/api.js';
import { Bucket, TOKENS_TOLERANCE, Window, closeTo } from './shared.js';

const HAMMER_MS = 20_000;
/** Two callers inside the bucket at once meet in Now() nearly every round; a few rounds cover a late partner. */
const CONTEND_ROUNDS = 12;

export const stage = defineStage({
  id: 'concurrency',
  checks: [
    {
      id: 'bucket-check-and-take-under-one-lock',
      title: `Callers that meet inside allow() never take the same last token (${CONTEND_ROUNDS} rounds per burst)`,
      async run(ctx) {
        ctx.note(`${CONTEND_ROUNDS} rounds with burst 1, then ${CONTEND_ROUNDS} with burst 2: a new bucket (rate 0), then 3 concurrent allow() calls; the driver's clock makes two callers that can be inside the bucket at once meet in Now()`);
        const reply = await ctx.program.call({ op: 'contendBucket', rounds: CONTEND_ROUNDS, workers: 3, burst: 1, holdMs: 25 }, { timeoutMs: HAMMER_MS });
        const pairs = await ctx.program.call({ op: 'contendBucket', rounds: CONTEND_ROUNDS, workers: 3, burst: 2, holdMs: 25 }, { timeoutMs: HAMMER_MS });
        for (const [burst, rounds] of [[1, reply.results], [2, pairs.results]] as const) {
          expectThat(Array.isArray(rounds) && rounds.length === CONTEND_ROUNDS, `the driver must report ${CONTEND_ROUNDS} rounds`, { received: rounds });
          for (const [i, round] of (rounds as Array<{ allowed: unknown; tokens: unknown }>).entries()) {
            expectThat(round.allowed === burst && closeTo(round.tokens, 0),
              `round ${i + 1}: a bucket with burst ${burst} and rate 0 must allow exactly ${burst} of 3 concurrent allow() calls and end with tokens() 0: more means two callers checked the count before either took (the check and the taking must happen under one lock, not a read lock and then a write lock)`,
              { expected: { allowed: burst, tokens: 0 }, received: round });
          }
        }
      },
    },
    {
      id: 'bucket-hands-out-exactly-burst',
      title: 'Concurrent allow() calls on a stopped clock take exactly burst tokens, no more',
      async run(ctx) {
        await Bucket.create(ctx, 1, 500);
        ctx.note('8 concurrent callers × 200 allow() calls each, with tokens() between them, the clock stopped');
        const reply = await ctx.program.call({ op: 'hammerBucket', workers: 8, callsEach: 200, nMax: 1, seed: ctx.seed }, { timeoutMs: HAMMER_MS });
        expectMatch(reply, { calls: 1600, allowed: 500, taken: 500 },
          'a full bucket with burst 500 and a stopped clock must allow exactly 500 of 1600 concurrent calls: more means two callers took the same token (the check of the count and the taking must happen under one lock)');
        expectThat(closeTo(reply.tokens, 0), 'every token was taken: tokens() must be 0 at the end', { expected: { tokens: 0 }, received: reply });
      },
    },
    {
      id: 'bucket-allow-n-conserves-tokens',
      title: 'Concurrent allowN calls of mixed sizes take no more tokens than the bucket held',
      async run(ctx) {
        await Bucket.create(ctx, 1, 1000);
        ctx.note('8 concurrent callers × 300 allowN(n) calls each, n from 1 to 3, the clock stopped');
        const reply = await ctx.program.call({ op: 'hammerBucket', workers: 8, callsEach: 300, nMax: 3, seed: ctx.seed }, { timeoutMs: HAMMER_MS });
        const taken = Number(reply.taken);
        const left = Number(reply.tokens);
        expectThat(taken <= 1000, 'the calls together must take at most the 1000 tokens the bucket held', { expected: { takenAtMost: 1000 }, received: reply });
        expectThat(Math.abs(taken + left - 1000) <= TOKENS_TOLERANCE,
          'tokens are conserved: the tokens taken by allowed calls plus tokens() at the end must equal the 1000 the bucket held (nothing was added: the clock is stopped)', { received: reply });
      },
    },
    {
      id: 'bucket-while-the-clock-moves',
      title: 'Concurrent calls while the clock moves take no more than burst plus what arrived',
      async run(ctx) {
        await Bucket.create(ctx, 1000, 10);
        ctx.note('8 concurrent callers × 200 allow() calls each while the clock moves forward 1 ms at a time, 200 times (1000 tokens/s: 1 token per ms)');
        const reply = await ctx.program.call({ op: 'hammerBucket', workers: 8, callsEach: 200, nMax: 1, seed: ctx.seed, advanceSteps: 200 }, { timeoutMs: HAMMER_MS });
        const taken = Number(reply.taken);
        const left = Number(reply.tokens);
        expectThat(taken + left <= 210 + TOKENS_TOLERANCE && left >= -TOKENS_TOLERANCE,
          'burst 10 plus 200 ms at 1000 tokens/s is at most 210 tokens: the tokens taken plus tokens() at the end must not exceed it, and tokens() is never negative', { received: reply });
      },
    },
    {
      id: 'window-hot-keys',
      title: 'Concurrent requests on a few hot keys are allowed exactly limit times per key',
      async run(ctx) {
        await Window.create(ctx, 50, 1000, 16);
        const keys = Array.from({ length: 8 }, (_, i) => `hot-${i}`);
        ctx.note('8 concurrent callers × 250 requests each, spread at random over 8 keys, with size() between them, the clock stopped');
        const reply = await ctx.program.call({ op: 'hammerWindow', workers: 8, callsEach: 250, keys, seed: ctx.seed }, { timeoutMs: HAMMER_MS });
        const requests = (reply.requests ?? {}) as Record<string, number>;
        const allowedByKey = (reply.allowedByKey ?? {}) as Record<string, number>;
        const expected: Record<string, number> = {};
        for (const key of Object.keys(requests)) expected[key] = Math.min(50, requests[key]);
        expectMatch(allowedByKey, expected, 'limit 50 per window: each key must be allowed exactly min(50, its requests) times, however the requests interleave');
        expectMatch(reply, { size: Object.keys(requests).length }, 'every key that made a request is held');
        expectThat(Number(reply.maxSize) <= 16, 'size() must never exceed maxKeys (16)', { received: reply });
      },
    },
    {
      id: 'window-evicts-under-load',
      title: 'Concurrent new keys never push the limiter past maxKeys',
      async run(ctx) {
        await Window.create(ctx, 1, 1000, 20);
        ctx.note('8 concurrent callers × 200 requests each, every one from a new key, with size() between them, maxKeys 20');
        const reply = await ctx.program.call({ op: 'hammerWindow', workers: 8, callsEach: 200, seed: ctx.seed }, { timeoutMs: HAMMER_MS });
        expectMatch(reply, { calls: 1600, allowed: 1600, size: 20 },
          'each request comes from a new key, so each is allowed, and the limiter ends holding maxKeys (20) keys');
        expectThat(Number(reply.maxSize) <= 20, 'size() must never exceed maxKeys (20), even while new keys arrive concurrently (checking for room and inserting must happen under one lock)', { received: reply });
      },
    },
  ],
});
