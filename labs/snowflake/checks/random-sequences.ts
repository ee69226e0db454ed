import { checkModel, defineStage, fc, Batch } from '../../../src/grader/api.js';
import { MAX_SEQUENCE, START } from './model.js';
import { Gen, TWITTER_EPOCH } from './shared.js';

type Op =
  | { kind: 'next' }
  /** Forward by a few ms (0: stay). */
  | { kind: 'advance'; ms: number }
  /** Backward by a few ms. */
  | { kind: 'back'; ms: number }
  /** Many ids at once: a few, or around the 4096 a millisecond holds (counted from what is left of it). */
  | { kind: 'burst'; size: 'few' | 'fill'; delta: number }
  /** decode one of the ids issued so far (or a fresh one when none was). */
  | { kind: 'decode'; pick: number }
  /** A new generator on another node, at the current clock. */
  | { kind: 'new'; node: number; age: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'next' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(0, 1, 1, 1, 2, 5, 1000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('back' as const), ms: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('burst' as const), size: fc.constantFrom('few' as const, 'fill' as const), delta: fc.integer({ min: -3, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('decode' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('new' as const), node: fc.integer({ min: 0, max: 1023 }), age: fc.integer({ min: 0, max: 2 ** 40 }) }) },
);

const sequences: fc.Arbitrary<Op[]> = fc.tuple(
  fc.record({ kind: fc.constant('new' as const), node: fc.integer({ min: 0, max: 1023 }), age: fc.integer({ min: 0, max: 2 ** 40 }) }),
  fc.array(opArb, { minLength: 3, maxLength: 30 }),
).map(([first, rest]): Op[] => [first, ...rest]);

export const stage = defineStage({
  id: 'random-sequences',
  checks: [
    {
      id: 'agrees-with-the-model',
      title: 'Random sequences of ids, bursts, clock moves (forward and back), decodes and new generators match the contract id for id',
      async run(ctx) {
        ctx.note('each sequence: a generator on a random node and epoch, then next(), bursts around the 4096 ids a millisecond holds, clock moves forward and back, decode and new generators');
        let base = START;
        await checkModel<Op>(ctx, {
          sequences,
          runs: 100,
          async run(ops) {
            // Every reply follows from the model alone: the whole sequence goes out as one batch.
            const batch = new Batch(ctx.program, ctx.steps);
            const g = new Gen(ctx.program, undefined, batch);
            base += 10_000_000; // every sequence starts on a clock none of the others used
            const issued: bigint[] = [];
            for (const [index, op] of ops.entries()) {
              const label = `operation ${index + 1} of ${ops.length}`;
              switch (op.kind) {
                case 'new':
                  await g.create({ node: op.node, epoch: (index === 0 ? base : g.model.now) - op.age }, index === 0 ? base : undefined,
                    `${label}: a new generator on node ${op.node}, ${op.age} ms after its epoch, must be created`);
                  break;
                case 'next': {
                  const reply = await g.next(`${label}: next() differs from the contract`);
                  if (typeof reply.snowflake === 'string') issued.push(BigInt(reply.snowflake));
                  break;
                }
                case 'advance':
                  await g.advance(op.ms);
                  break;
                case 'back':
                  await g.advance(-op.ms);
                  break;
                case 'burst': {
                  const left = g.model.last === g.model.now - (g.model.settings?.epoch ?? 0) ? MAX_SEQUENCE - g.model.sequence : MAX_SEQUENCE + 1;
                  const count = Math.max(1, op.size === 'few' ? 4 + op.delta : left + op.delta);
                  await g.burst(count, `${label}: a burst of ${count} ids differs from the contract`);
                  break;
                }
                case 'decode': {
                  const id = issued.length ? issued[op.pick % issued.length] : BigInt(op.pick) << 12n;
                  await g.decode(id, `${label}: decode differs from the contract`);
                  break;
                }
              }
            }
            await g.next('at the end: next() differs from the contract');
            await batch.settle();
          },
        });
      },
    },
    {
      id: 'ids-never-repeat-or-fall',
      title: 'Across random clock moves, every id a generator issues is larger than all before it',
      async run(ctx) {
        let base = START + 5_000_000_000;
        await checkModel<Op>(ctx, {
          sequences: fc.array(fc.oneof(
            { weight: 5, arbitrary: fc.constant({ kind: 'next' as const }) },
            { weight: 2, arbitrary: fc.record({ kind: fc.constant('back' as const), ms: fc.integer({ min: 1, max: 2 }) }) },
            { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(0, 1, 2) }) },
            { weight: 1, arbitrary: fc.record({ kind: fc.constant('burst' as const), size: fc.constant('fill' as const), delta: fc.integer({ min: -2, max: 2 }) }) },
          ), { minLength: 5, maxLength: 40 }),
          runs: 60,
          async run(ops) {
            // Every reply follows from the model alone: the whole sequence goes out as one batch.
            const batch = new Batch(ctx.program, ctx.steps);
            const g = new Gen(ctx.program, undefined, batch);
            base += 10_000_000;
            await g.create({ node: 512, epoch: TWITTER_EPOCH }, base);
            for (const [index, op] of ops.entries()) {
              const label = `operation ${index + 1} of ${ops.length}`;
              if (op.kind === 'next') await g.next(`${label}: each id must be larger than every id before it, or next() must fail (clock behind the last id)`);
              else if (op.kind === 'advance') await g.advance(op.ms);
              else if (op.kind === 'back') await g.advance(-op.ms);
              else if (op.kind === 'burst') {
                const count = Math.max(1, MAX_SEQUENCE + 1 + op.delta);
                await g.burst(count, `${label}: ${count} ids in a row must be strictly increasing, waiting out used-up milliseconds`);
              }
            }
            await batch.settle();
          },
        });
      },
    },
  ],
});
