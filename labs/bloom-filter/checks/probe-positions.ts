import { defineStage, expectMatch, expectThat } from '../../../src/grader/api.js';
import { hashes, locations } from './model.js';
import { Filter, diagnoseLocations } from './shared.js';

const ITEMS = ['', 'a', 'hello', 'bloom', 'filter-42', 'é', 'naïve café', '日本語', '🙂', 'x'.repeat(200)];

/** The raw high half of this item's hash is a multiple of 1024: without "| 1", its step is 0 mod 1024. */
const ZERO_STEP_ITEM = 'zero-step-413';

export const stage = defineStage({
  id: 'probe-positions',
  checks: [
    {
      id: 'locations-of-known-items',
      title: 'locations(item) are the contract\'s k positions (h1 + i*h2) mod m, for ASCII and multi-byte items and many m',
      async run(ctx) {
        const f = new Filter(ctx);
        const configs: [number, number][] = [[1, 3], [64, 4], [1000, 5], [1024, 7], [95_851, 7], [10_000_019, 10]];
        for (const [m, k] of configs) {
          await f.create(m, k);
          for (const item of ITEMS) {
            const want = locations(item, m, k);
            const reply = await f.locations(item);
            const h = hashes(item);
            const why = diagnoseLocations(item, m, k, reply.locations);
            expectMatch(reply, { locations: want },
              `locations(${JSON.stringify(item)}) with m = ${m}, k = ${k}: FNV-1a 64 of its UTF-8 bytes is ${h.fnv}, fmix64 gives ${h.mixed}, so h1 = ${h.h1} and h2 = ${h.h2}; location i is (h1 + i*h2) mod m` +
              (why ? `. ${why}` : ''));
          }
        }
      },
    },
    {
      id: 'zero-step-on-power-of-two',
      title: 'An item whose raw h2 is a multiple of m still gets k distinct bits (h2 is forced odd)',
      async run(ctx) {
        const f = new Filter(ctx);
        await f.create(1024, 8);
        const h = hashes(ZERO_STEP_ITEM);
        ctx.note(`${JSON.stringify(ZERO_STEP_ITEM)}: the high half of its hash is ${h.rawH2} = ${h.rawH2 / 1024} × 1024; forced odd it is ${h.h2}`);
        const want = locations(ZERO_STEP_ITEM, 1024, 8);
        const reply = await f.locations(ZERO_STEP_ITEM);
        const why = diagnoseLocations(ZERO_STEP_ITEM, 1024, 8, reply.locations);
        expectMatch(reply, { locations: want }, `with m = 1024 an odd h2 walks 8 different bits${why ? `. ${why}` : ''}`);
        await f.add(ZERO_STEP_ITEM);
        const count = await f.bitCount();
        expectThat(count === 8, `adding ${JSON.stringify(ZERO_STEP_ITEM)} must set 8 different bits (an even h2 that is 0 mod m puts every probe on bit h1 mod m)`,
          { expected: 8, received: count });
      },
    },
    {
      id: 'add-sets-exactly-its-bits',
      title: 'add sets exactly the bits locations names, and adding again changes nothing',
      async run(ctx) {
        const f = new Filter(ctx);
        for (const [m, k] of [[997, 6], [4096, 3], [50_000, 9]] as [number, number][]) {
          for (const item of ['alpha', 'beta', '日本語', `seeded-${ctx.seed}`]) {
            await f.create(m, k);
            const want = new Set(locations(item, m, k)).size;
            await f.add(item);
            const count = await f.bitCount();
            expectThat(count === want, `after one add(${JSON.stringify(item)}) to a new filter (m = ${m}, k = ${k}), bitCount() must be the number of distinct locations`,
              { expected: want, received: count });
            await f.add(item);
            const again = await f.bitCount();
            expectThat(again === want, `adding ${JSON.stringify(item)} a second time sets bits that are already set: bitCount() counts set bits, so it must not change`,
              { expected: want, received: again });
            await ctx.program.expect({ op: 'has', item }, { result: true }, { message: `mightContain(${JSON.stringify(item)}) must be true after add` });
          }
        }
      },
    },
  ],
});
