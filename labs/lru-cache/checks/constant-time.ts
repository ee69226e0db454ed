import { defineStage, type CheckContext, type Reply } from '../../../src/grader/api.js';

/** The same workload on a small and on a large full cache: constant time means the same cost per operation. */
const SMALL = 200;
const LARGE = 50_000;
const OPS = 200_000;
/** Bound on each run at the small size: a slow cache's pace is measured on the operations done by then. */
const SMALL_BUDGET_MS = 3_000;
/**
 * Any hash map gets slower per operation as it grows (it misses the processor's caches more often, and
 * more so on a busy machine), so the driver's plain map measures that growth on this machine, in this run.
 * Your cache's cost per operation may grow at most this many times more than the plain map's; one that
 * walks its entries grows 50 times, divided by the map's few.
 */
const MAX_FACTOR = 5;
/** Start-up allowance of a large run before its pace is held against it (allocation, a first collection). */
const GRACE_MS = 1_000;
const ROUNDS = 3;

type Subject = 'yours' | 'map';
interface Timing { ms: number; completed: boolean; opsDone: number; filled?: number }

/** One timed run; with `maxMsPerOp`, the driver stops it as soon as it falls behind that pace (plus GRACE_MS). */
async function time(ctx: CheckContext, subject: Subject, capacity: number, budgetMs: number, maxMsPerOp?: number): Promise<Timing> {
  const reply: Reply = await ctx.program.call(
    { op: 'time', subject, ops: OPS, capacity, keySpace: 2 * capacity, fill: capacity, seed: ctx.seed, budgetMs, maxMsPerOp, graceMs: GRACE_MS },
    { timeoutMs: budgetMs + 15_000 },
  );
  if (typeof reply.ms !== 'number') ctx.fail(`the timed run on a cache of ${capacity} entries did not complete`, { received: reply });
  return reply as unknown as Timing;
}

/** The best cost per operation (ms) over ROUNDS runs at the small size. */
async function smallPace(ctx: CheckContext, subject: Subject): Promise<number> {
  let best = Infinity;
  for (let round = 1; round <= ROUNDS; round++) {
    const run = await time(ctx, subject, SMALL, SMALL_BUDGET_MS);
    if (run.opsDone > 0) best = Math.min(best, run.ms / run.opsDone);
  }
  return best;
}

export const stage = defineStage({
  id: 'constant-time',
  checks: [
    {
      id: 'cost-does-not-grow-with-size',
      title: `Mixed operations cost at most ${MAX_FACTOR}x more per operation on a full cache of ${LARGE.toLocaleString('en')} entries than on one of ${SMALL.toLocaleString('en')}, beyond what a plain map's cost grows, measured in the same run`,
      async run(ctx) {
        ctx.note(`workload: ${OPS} operations (get 55%, set 35% with a third carrying a TTL, delete 7%, len 3%) over twice as many keys as the capacity, on a cache filled to capacity first, a virtual clock moving 1 ms every 8 operations`);
        ctx.note(`your cache and the driver's plain map (no recency, no TTL) run it at capacity ${SMALL} and ${LARGE}, in your program, timed with a monotonic clock; the best of up to ${ROUNDS} rounds counts`);
        await time(ctx, 'yours', SMALL, SMALL_BUDGET_MS); // warm-up: lets the runtime compile the cache before anything is measured
        await time(ctx, 'map', SMALL, SMALL_BUDGET_MS);
        const yoursSmall = await smallPace(ctx, 'yours');
        const mapSmall = await smallPace(ctx, 'map');
        let mapLarge = Infinity;
        for (let round = 1; round <= ROUNDS; round++) mapLarge = Math.min(mapLarge, (await time(ctx, 'map', LARGE, 60_000)).ms / OPS);
        const mapGrowth = Math.max(1, mapLarge / mapSmall);
        ctx.note(`the plain map costs ${mapGrowth.toFixed(2)}x as much per operation at ${LARGE} entries as at ${SMALL}`);
        const allowed = MAX_FACTOR * mapGrowth * yoursSmall;
        // The fill and the workload together may go at (MAX_FACTOR + 1) times the map's growth over your small pace.
        const maxMsPerOp = (MAX_FACTOR + 1) * mapGrowth * yoursSmall;
        const budgetMs = Math.ceil(maxMsPerOp * (LARGE + OPS)) + GRACE_MS;
        let yoursLarge = Infinity;
        for (let round = 1; round <= ROUNDS; round++) {
          const run = await time(ctx, 'yours', LARGE, budgetMs, maxMsPerOp);
          if (run.completed) {
            yoursLarge = Math.min(yoursLarge, run.ms / OPS);
            ctx.note(`round ${round}: your cache costs ${(run.ms / OPS / yoursSmall).toFixed(2)}x as much per operation at ${LARGE} entries as at ${SMALL}`);
          } else {
            ctx.note(`round ${round}: at ${LARGE} entries your cache fell behind ${MAX_FACTOR + 1}x the map's growth: stopped after ${run.ms.toFixed(0)} ms with ${run.filled ?? LARGE} of ${LARGE} entries filled and ${run.opsDone} of ${OPS} operations done`);
            if (run.opsDone < OPS / 4) break; // far past the bound: another round cannot pass
          }
          if (yoursLarge <= allowed) return;
        }
        const growth = yoursLarge === Infinity ? `more than ${((MAX_FACTOR + 1) * mapGrowth).toFixed(1)}x` : `${(yoursLarge / yoursSmall).toFixed(1)}x`;
        ctx.fail(`every operation must take constant time (plus O(log n) per entry with a TTL): your cache's cost per operation grew ${growth} from ${SMALL} to ${LARGE} entries, while a plain map's grew ${mapGrowth.toFixed(2)}x; at most ${MAX_FACTOR}x the map's growth is allowed. `
          + 'Look for a step that walks the entries or the keys: finding an entry in an array or list (indexOf, a slice scan), moving it by splice or copy, or a scan for expired entries. '
          + 'Use a hash map to the entry, a doubly linked list for recency, and a heap ordered by expiry time.',
        { expected: `<= ${(MAX_FACTOR * mapGrowth).toFixed(1)}x your cost at ${SMALL} entries`, received: growth });
      },
    },
  ],
});
