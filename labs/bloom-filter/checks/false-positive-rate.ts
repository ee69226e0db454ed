import { defineStage, expectThat, type CheckContext } from '../../../src/grader/api.js';
import { capacityParams, theoreticalRate } from './model.js';
import { Filter } from './shared.js';

/** The measured rate must be within this factor of (1 - e^(-kn/m))^k, above or below. */
const FACTOR = 1.5;

interface Load { m: number; k: number; n: number; queries: number; label: string; viaCapacity?: [number, number] }

/**
 * Adds n members, checks none is lost, then asks about `queries` items never added. Every load expects
 * at least ~450 false positives from a correct filter (475 to 1000; no more, the queries are most of a
 * TypeScript grade's time), so the 1.5x window is many standard deviations wide whatever the seed.
 */
async function measure(ctx: CheckContext, load: Load): Promise<void> {
  const f = new Filter(ctx);
  if (load.viaCapacity) {
    const [n, p] = load.viaCapacity;
    await ctx.program.expect({ op: 'capacity', n, p }, { ok: true, ...capacityParams(n, p) },
      { message: `fromCapacity(${n}, ${p}) must size the filter as the contract says` });
  } else {
    await f.create(load.m, load.k);
  }
  const members = `fp${ctx.seed}-in-`;
  const strangers = `fp${ctx.seed}-out-`;
  const theory = theoreticalRate(load.m, load.k, load.n);
  ctx.note(`${load.label}: m = ${load.m}, k = ${load.k}, ${load.n} items added; (1 - e^(-kn/m))^k = ${theory.toFixed(5)}`);
  await f.addMany(members, load.n);
  const present = await f.countMany(members, load.n);
  expectThat(present === load.n, `every one of the ${load.n} items added must be reported present (no false negatives)`, { expected: load.n, received: present });
  const positives = await f.countMany(strangers, load.queries);
  const rate = positives / load.queries;
  ctx.note(`${positives} of ${load.queries} items never added were reported present: a rate of ${rate.toFixed(5)}, ${(rate / theory).toFixed(2)}× the theoretical ${theory.toFixed(5)}`);
  const low = theory / FACTOR;
  const high = theory * FACTOR;
  expectThat(rate <= high,
    `the false-positive rate must be at most ${FACTOR}× the theoretical (1 - e^(-kn/m))^k: mightContain is true only when all k bits are set, and add must set all k of them (${load.label})`,
    { expected: `≤ ${high.toFixed(5)} (${Math.floor(high * load.queries)} of ${load.queries})`, received: `${rate.toFixed(5)} (${positives})` });
  expectThat(rate >= low,
    `the false-positive rate must be at least the theoretical (1 - e^(-kn/m))^k divided by ${FACTOR}: fewer false positives than that means the filter does not probe the bits the contract names (${load.label})`,
    { expected: `≥ ${low.toFixed(5)} (${Math.ceil(low * load.queries)} of ${load.queries})`, received: `${rate.toFixed(5)} (${positives})` });
}

const designed = capacityParams(10_000, 0.01);
const loose = capacityParams(4000, 0.2);

export const stage = defineStage({
  id: 'false-positive-rate',
  checks: [
    {
      id: 'at-the-designed-load',
      title: 'A filter from fromCapacity(10000, 0.01) holding 10000 items has a false-positive rate near 1%',
      async run(ctx) {
        await measure(ctx, { ...designed, n: 10_000, queries: 50_000, label: 'at the designed load', viaCapacity: [10_000, 0.01] });
      },
    },
    {
      id: 'below-the-designed-load',
      title: 'The same filter three-quarters full has the lower rate the formula predicts',
      async run(ctx) {
        await measure(ctx, { ...designed, n: 7500, queries: 200_000, label: 'at 75% of the designed load', viaCapacity: [10_000, 0.01] });
      },
    },
    {
      id: 'few-hash-functions',
      title: 'Filters with k = 4 and k = 2 match the formula too',
      async run(ctx) {
        await measure(ctx, { m: 48_000, k: 4, n: 6000, queries: 25_000, label: 'm = 48000, k = 4' });
        await measure(ctx, { ...loose, n: 4000, queries: 5000, label: 'fromCapacity(4000, 0.2)', viaCapacity: [4000, 0.2] });
      },
    },
    {
      id: 'overloaded',
      title: 'A filter holding twice its designed capacity degrades as the formula predicts',
      async run(ctx) {
        await measure(ctx, { ...designed, n: 20_000, queries: 5000, label: 'at twice the designed load', viaCapacity: [10_000, 0.01] });
      },
    },
  ],
});
