import { defineStage, expectMatch, type CheckContext, type Reply } from '../../../src/grader/api.js';

const OPS = 200_000;
const CAPACITY = 5_000;
const KEY_SPACE = 10_000;
/** Yours may take at most this many times the reference's time on the same workload. */
const MAX_FACTOR = 3;
const ROUNDS = 3;

interface Timing { ms: number; completed: boolean; opsDone: number; hits: number; misses: number; len: number }

async function time(ctx: CheckContext, subject: 'yours' | 'reference', ops: number, budgetMs: number): Promise<Timing> {
  const reply: Reply = await ctx.program.call(
    { op: 'time', subject, ops, capacity: CAPACITY, keySpace: KEY_SPACE, seed: ctx.seed, budgetMs },
    { timeoutMs: budgetMs + 15_000 },
  );
  if (typeof reply.ms !== 'number') ctx.fail(`the timed run of ${subject === 'yours' ? 'your cache' : 'the reference'} did not complete`, { received: reply });
  return reply as unknown as Timing;
}

export const stage = defineStage({
  id: 'constant-time',
  checks: [
    {
      id: 'within-3x-of-reference',
      title: `${OPS.toLocaleString('en')} mixed operations on a cache of ${CAPACITY.toLocaleString('en')} entries take at most ${MAX_FACTOR}x the reference's time, measured in the same run`,
      async run(ctx) {
        ctx.note(`workload: ${OPS} operations (get 55%, set 35% with a third carrying a TTL, delete 7%, len 3%) over ${KEY_SPACE} keys, capacity ${CAPACITY}, a virtual clock moving 1 ms every 8 operations`);
        ctx.note('both caches run in your program, one after the other, timed with a monotonic clock; the best of up to 3 rounds counts');
        // Warm-up: lets the runtime compile both before anything is measured.
        const warm = await time(ctx, 'reference', 20_000, 60_000);
        await time(ctx, 'yours', 20_000, Math.ceil((MAX_FACTOR + 1) * warm.ms) + 100);
        const best = { reference: Infinity, yours: Infinity };
        for (let round = 1; round <= ROUNDS; round++) {
          const ref = await time(ctx, 'reference', OPS, 60_000);
          best.reference = Math.min(best.reference, ref.ms);
          const budgetMs = Math.ceil((MAX_FACTOR + 1) * best.reference) + 50;
          const yours = await time(ctx, 'yours', OPS, budgetMs);
          if (yours.completed) {
            expectMatch({ hits: yours.hits, misses: yours.misses, len: yours.len }, { hits: ref.hits, misses: ref.misses, len: ref.len },
              'the timed workload is the same for both caches, so yours must give the same results as the reference (hits, misses and the final len()): fix the behaviour the earlier stages check before timing it');
            best.yours = Math.min(best.yours, yours.ms);
            ctx.note(`round ${round}: reference ${ref.ms.toFixed(1)} ms, yours ${yours.ms.toFixed(1)} ms (${(yours.ms / ref.ms).toFixed(2)}x)`);
          } else {
            ctx.note(`round ${round}: reference ${ref.ms.toFixed(1)} ms; yours was stopped after ${yours.ms.toFixed(0)} ms with ${yours.opsDone} of ${OPS} operations done`);
            if (yours.opsDone < OPS / 4) break; // on course for more than 4 x 4 = 16x: another round cannot pass
          }
          if (best.yours <= MAX_FACTOR * best.reference) return;
        }
        const yoursText = best.yours === Infinity ? `did not finish within ${MAX_FACTOR + 1}x the reference's time in any round` : `took ${best.yours.toFixed(1)} ms at best`;
        ctx.fail(`every operation must take constant time (plus O(log n) per entry with a TTL): your cache ${yoursText}, the reference ${best.reference.toFixed(1)} ms, more than ${MAX_FACTOR}x. `
          + 'Look for a step that walks the entries or the keys: finding an entry in an array or list (indexOf, a slice scan), moving it by splice or copy, or a scan for expired entries. '
          + 'Use a hash map to the entry, a doubly linked list for recency, and a heap ordered by expiry time.',
        { expected: `<= ${MAX_FACTOR}x the reference (${(MAX_FACTOR * best.reference).toFixed(1)} ms)`, received: best.yours === Infinity ? 'not finished' : `${best.yours.toFixed(1)} ms` });
      },
    },
  ],
});
