import { defineStage, serviceOf, type CheckContext } from '../../../src/grader/api.js';
import { CAPACITY, REFILL_PER_SECOND, burst, expectBetween, freshClient, instances, refilled } from './shared.js';

/** How long the checks let a drained bucket refill: 3 tokens at 2 per second, a fourth maybe. */
const REFILL_WAIT_MS = 1500;
/**
 * After one request the bucket is full again in 1 / REFILL_PER_SECOND = 500 ms; waiting five times that, a bucket
 * without the cap holds CAPACITY + 4 tokens, more than a burst's refill explains even on a busy machine.
 */
const FULL_WAIT_MS = 2500;

/** Sends `count` requests of a client one after the other, over the instances in turn; counts the 200s. */
async function sequence(ctx: CheckContext, client: string, count: number): Promise<{ allowed: number; started: number; ended: number }> {
  const servers = instances(ctx);
  const started = Date.now();
  let allowed = 0;
  for (let i = 0; i < count; i++) {
    const reply = await servers[i % servers.length].request('GET', `/open/${client}`);
    if (reply.status === 200) allowed++;
  }
  return { allowed, started, ended: Date.now() };
}

export const stage = defineStage({
  id: 'token-bucket',
  checks: [
    {
      id: 'refills-gradually',
      title: `A drained bucket gets ${REFILL_PER_SECOND} tokens per second back, continuously: after ${REFILL_WAIT_MS} ms, 3 tokens (4 at most), not a whole bucket`,
      async run(ctx) {
        const client = freshClient(ctx, 'refill');
        const drain = await sequence(ctx, client, CAPACITY + 2);
        expectBetween(drain.allowed, CAPACITY, CAPACITY + refilled(drain.ended - drain.started, REFILL_PER_SECOND), 'allowed while draining', `a new client's bucket holds ${CAPACITY} tokens`);
        await serviceOf(ctx).pause(drain.ended + REFILL_WAIT_MS - Date.now());
        const after = await sequence(ctx, client, CAPACITY);
        // At least what refilled between the drain's end and these requests; below one token left after the
        // drain plus what refilled from its start to the last answer.
        const min = Math.floor((after.started - drain.ended) * REFILL_PER_SECOND / 1000);
        const max = refilled(after.ended - drain.started, REFILL_PER_SECOND);
        expectBetween(after.allowed, min, max, `allowed ${after.started - drain.ended} ms after the drain`, `a token bucket refills ${REFILL_PER_SECOND} tokens per second, continuously (a fixed window gives a whole bucket back at once, or nothing)`);
      },
    },
    {
      id: 'capped-at-capacity',
      title: `A bucket left alone longer than it takes to fill holds ${CAPACITY} tokens, never more`,
      async run(ctx) {
        const client = freshClient(ctx, 'cap');
        await sequence(ctx, client, 1);
        await serviceOf(ctx).pause(FULL_WAIT_MS);
        const b = await burst(ctx, `/open/${client}`, 8, 8);
        expectBetween(b.allowed, CAPACITY, CAPACITY + refilled(b.tookMs, REFILL_PER_SECOND), 'allowed', `the bucket holds at most BUCKET_CAPACITY (${CAPACITY}) tokens however long it waits: refill stops when it is full`);
      },
    },
  ],
});
