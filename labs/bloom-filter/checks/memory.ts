import { defineStage, expectThat } from '../../../src/grader/api.js';
import { Filter } from './shared.js';

/** Room for word-sized storage: ceil(m/64) uint64 words are at most 7 bytes more than ceil(m/8). */
const SLACK = 8;
const MiB = 1 << 20;

export const stage = defineStage({
  id: 'memory',
  checks: [
    {
      id: 'reports-packed-size',
      title: 'sizeInBytes() is ceil(m/8), give or take a word, for many m',
      async run(ctx) {
        const f = new Filter(ctx);
        for (const m of [1, 8, 9, 63, 64, 65, 1000, 65_537, 1_000_003]) {
          await f.create(m, 3);
          const reply = await ctx.program.call({ op: 'size' });
          const size = reply.sizeInBytes;
          const least = Math.ceil(m / 8);
          expectThat(typeof size === 'number' && size >= least && size <= least + SLACK,
            `m = ${m} bits fit in ceil(m/8) = ${least} bytes: the filter must hold its bits packed eight to a byte, in ${least} .. ${least + SLACK} bytes`,
            { expected: `${least} .. ${least + SLACK}`, received: reply });
        }
      },
    },
    {
      id: 'measured-memory',
      title: 'A 16-million-bit filter with 100,000 items grows the process by about 2 MiB, not by a byte or more per bit',
      async run(ctx) {
        const m = 2 ** 24 + 3;
        const least = Math.ceil(m / 8);
        const bound = 2 * least + MiB;
        ctx.note(`m = ${m} bits = ${least} bytes when packed; 100,000 items added (about 700,000 bits set)`);
        const reply = await ctx.program.call({ op: 'memory', m, k: 7, items: 100_000 }, { timeoutMs: 60_000 });
        expectThat(typeof reply.sizeInBytes === 'number' && reply.sizeInBytes >= least && reply.sizeInBytes <= least + SLACK,
          `sizeInBytes() must be about ceil(m/8) = ${least}`, { expected: `${least} .. ${least + SLACK}`, received: reply.sizeInBytes });
        const grew = Number(reply.grewBy);
        ctx.note(`measured growth: ${(grew / MiB).toFixed(2)} MiB`);
        expectThat(grew <= bound,
          `a filter of m bits must use about m/8 bytes: the memory in use grew by more than ${(bound / MiB).toFixed(1)} MiB (a boolean or a byte per bit costs 8 to 64 times the packed size, and a set of bit indexes grows with every item)`,
          { expected: `≤ ${bound} bytes`, received: `${grew} bytes` });
      },
    },
  ],
});
