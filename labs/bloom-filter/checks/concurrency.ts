import { defineStage, expectMatch, expectThat } from '../../../src/grader/api.js';
import { BloomModel } from './model.js';
import { Filter } from './shared.js';

const WORKERS = 8;
const ITEMS_EACH = 400;

/** The model after every worker's items are added, in any order: a Bloom filter's bits do not depend on it. */
function afterHammer(m: number, k: number, prefix: string, base?: BloomModel): BloomModel {
  const model = base ?? new BloomModel(m, k);
  for (let w = 0; w < WORKERS; w++) for (let i = 0; i < ITEMS_EACH; i++) model.add(`${prefix}${w}-${i}`);
  return model;
}

export const stage = defineStage({
  id: 'concurrency',
  checks: [
    {
      id: 'concurrent-adds-lose-no-bit',
      title: 'Adds and queries from 8 workers at once lose no bit (the Go track runs under the race detector)',
      async run(ctx) {
        const f = new Filter(ctx);
        const m = 65_536;
        const k = 3;
        await f.create(m, k);
        const prefix = `cc${ctx.seed}-`;
        ctx.note(`${WORKERS} workers × ${ITEMS_EACH} adds, each followed by mightContain of its own item and another worker's, with bitCount() and toBytes() between them`);
        const reply = await ctx.program.call({ op: 'hammer', workers: WORKERS, itemsEach: ITEMS_EACH, prefix }, { timeoutMs: 30_000 });
        const model = afterHammer(m, k, prefix);
        expectMatch(reply, { added: WORKERS * ITEMS_EACH, missedOwn: 0 },
          'an item must be present as soon as add returns, even while other workers add theirs');
        expectMatch(reply.bitCount, model.bitCount(),
          'the bits set after all the adds must be exactly those of every item: a lower bitCount() means concurrent adds overwrote each other\'s bits (guard the bits with a lock, or set them atomically)');
        for (let w = 0; w < WORKERS; w++) {
          const present = await f.countMany(`${prefix}${w}-`, ITEMS_EACH);
          expectThat(present === ITEMS_EACH, `every item worker ${w} added must be present afterwards`, { expected: ITEMS_EACH, received: present });
        }
        expectMatch(await f.hex(), model.hex(), 'after the concurrent adds the filter must hold exactly the bits of every item added');
      },
    },
    {
      id: 'concurrent-use-of-a-decoded-filter',
      title: 'A filter made by fromBytes is just as safe to share',
      async run(ctx) {
        const base = new BloomModel(30_010, 4);
        for (let i = 0; i < 500; i++) base.add(`pre-${i}`);
        await ctx.program.expect({ op: 'fromBytes', hex: base.hex() }, { ok: true, m: 30_010, k: 4 },
          { message: 'fromBytes of a valid filter must succeed' });
        const prefix = `cd${ctx.seed}-`;
        const reply = await ctx.program.call({ op: 'hammer', workers: WORKERS, itemsEach: ITEMS_EACH, prefix }, { timeoutMs: 30_000 });
        const model = afterHammer(30_010, 4, prefix, base);
        expectMatch(reply, { added: WORKERS * ITEMS_EACH, missedOwn: 0, bitCount: model.bitCount() },
          'concurrent adds to a decoded filter must lose no bit, and each item must be present as soon as its add returns');
      },
    },
  ],
});
