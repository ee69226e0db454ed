import { defineStage, expectThat, serviceOf } from '../../../src/grader/api.js';
import { CAPACITY, REFILL_PER_SECOND, STORE_TIMEOUT_MS, burst, describe, expectBetween, freshClient, instances, refilled, withStore } from './shared.js';

/** Slower than a too-short timeout, well inside STORE_TIMEOUT_MS. */
const SLOW_MS = 900;
/** Slow enough that bursts overlap at the store. */
const BURST_SLOW_MS = 120;

export const stage = defineStage({
  id: 'slow-store',
  checks: [
    {
      id: 'slow-is-not-down',
      title: `A store that answers in ${SLOW_MS} ms (STORE_TIMEOUT_MS is ${STORE_TIMEOUT_MS}) is working: /closed allows a new client`,
      async run(ctx) {
        await withStore(ctx, async () => {
          await serviceOf(ctx).helper('store').slow(SLOW_MS);
          ctx.note(`store: answers every request after ${SLOW_MS} ms`);
          // All at once: each waits on the slow store alone, and the check waits for the slowest once.
          const replies = await Promise.all(instances(ctx).map((svc, i) => svc.request('GET', `/closed/${freshClient(ctx, `slow${i}`)}`)));
          for (const reply of replies) {
            expectThat(reply.status === 200, `a store slower than usual but within STORE_TIMEOUT_MS (${STORE_TIMEOUT_MS} ms per store request) has not failed: /closed must allow a new client, not answer 503`, { expected: '200 {"allowed": true}', received: describe(reply) });
          }
        });
      },
    },
    {
      id: 'limit-holds-when-slow',
      title: `With the store answering in ${BURST_SLOW_MS} ms, 24 concurrent requests of one new client over 3 instances still get ${CAPACITY} tokens, plus the refill`,
      async run(ctx) {
        await withStore(ctx, async () => {
          await serviceOf(ctx).helper('store').slow(BURST_SLOW_MS);
          ctx.note(`store: answers every request after ${BURST_SLOW_MS} ms`);
          const b = await burst(ctx, `/open/${freshClient(ctx, 'slowburst')}`, 8, 8);
          expectBetween(b.allowed, CAPACITY, CAPACITY + refilled(b.tookMs, REFILL_PER_SECOND), `allowed in ${b.tookMs} ms`, 'a slow store must not loosen the limit: every decision still takes its token atomically in the store, and a slow answer is not a failure');
        });
      },
    },
  ],
});
