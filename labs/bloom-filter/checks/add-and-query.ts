import { defineStage, expectThat } from '../../../src/grader/api.js';
import { Filter, expectRefused } from './shared.js';

/** Items with multi-byte UTF-8, an empty string and a control character. */
const ODD_ITEMS = ['', ' ', 'é', 'naïve café', '日本語', '🙂🙃', 'a\u0000b', 'line\nbreak', 'x'.repeat(300)];

export const stage = defineStage({
  id: 'add-and-query',
  checks: [
    {
      id: 'new-reports-m-and-k',
      title: 'A new filter keeps the m and k it was given',
      async run(ctx) {
        const f = new Filter(ctx);
        await f.create(1000, 5);
        await f.create(1, 1);
        await f.create(1_000_003, 13);
      },
    },
    {
      id: 'rejects-zero-m-or-k',
      title: 'A filter with no bits, no probes or a fractional m or k is refused',
      async run(ctx) {
        await expectRefused(ctx, { op: 'new', m: 0, k: 3 }, 'm = 0 (a filter needs at least one bit)');
        await expectRefused(ctx, { op: 'new', m: 64, k: 0 }, 'k = 0 (an item needs at least one probe)');
        await expectRefused(ctx, { op: 'new', m: 1000.5, k: 3 }, 'm = 1000.5 (m is a whole number of bits: a fraction is refused, never rounded or floored)');
        await expectRefused(ctx, { op: 'new', m: 64, k: 2.5 }, 'k = 2.5 (k is a whole number of probes)');
      },
    },
    {
      id: 'empty-filter-says-no',
      title: 'A new filter contains nothing',
      async run(ctx) {
        const f = new Filter(ctx);
        await f.create(4096, 4);
        for (const item of ['', 'a', 'anything']) {
          await ctx.program.expect({ op: 'has', item }, { result: false }, { message: `a new filter has no bit set, so mightContain(${JSON.stringify(item)}) must be false` });
        }
        const present = await f.countMany('absent-', 2000);
        expectThat(present === 0, 'a new filter has no bit set, so mightContain must be false for every item', { expected: 0, received: present });
        expectThat(await f.bitCount() === 0, 'a new filter has no bit set: bitCount() must be 0');
      },
    },
    {
      id: 'no-false-negatives',
      title: 'Every item added is reported present, for many sizes of filter (randomised)',
      async run(ctx) {
        const f = new Filter(ctx);
        const configs: [number, number][] = [[1, 1], [7, 3], [9, 2], [64, 4]];
        for (let i = 0; i < 6; i++) {
          const m = ctx.random.int(100, 200_000) | (i % 2); // odd sizes too: m need not be a multiple of 8
          configs.push([m, ctx.random.int(1, 12)]);
        }
        for (const [m, k] of configs) {
          await f.create(m, k);
          const count = Math.min(3000, Math.max(20, Math.floor(m / 8)));
          const prefix = `nfn${ctx.seed}-${m}-`;
          ctx.note(`m = ${m}, k = ${k}: adding ${prefix}0 .. ${prefix}${count - 1}`);
          await f.addMany(prefix, count);
          const present = await f.countMany(prefix, count);
          expectThat(present === count, `every item added must be reported present (a Bloom filter never gives a false negative): m = ${m}, k = ${k}, ${count} items added`,
            { expected: count, received: present });
          for (const item of ODD_ITEMS) await f.add(item);
          for (const item of ODD_ITEMS) {
            await ctx.program.expect({ op: 'has', item }, { result: true }, { message: `mightContain(${JSON.stringify(item)}) must be true once it was added (m = ${m}, k = ${k})` });
          }
        }
      },
    },
    {
      id: 'mostly-says-no',
      title: 'A large, nearly empty filter says no to almost every item it never saw',
      async run(ctx) {
        const f = new Filter(ctx);
        await f.create(1_000_000, 4);
        await f.addMany(`few${ctx.seed}-`, 100);
        const present = await f.countMany(`never${ctx.seed}-`, 10_000);
        ctx.note('1,000,000 bits, 4 probes, 100 items added: at most 400 bits are set, so an item never added is almost never reported present');
        expectThat(present <= 100, 'mightContain must be true only when ALL k bits of the item are set: here at most 1% of 10,000 absent items may be reported present',
          { expected: '≤ 100', received: present });
      },
    },
  ],
});
