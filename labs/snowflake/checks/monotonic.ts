import { defineStage } from '../../../src/grader/api.js';
import { START } from './model.js';
import { Gen, TWITTER_EPOCH } from './shared.js';

export const stage = defineStage({
  id: 'monotonic',
  checks: [
    {
      id: 'sequence-counts-up',
      title: 'Within one millisecond the sequence counts 0, 1, 2 …',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 3, epoch: TWITTER_EPOCH }, START + 10_000);
        for (let i = 0; i < 12; i++) await g.next(`id ${i + 1} in the same millisecond has sequence ${i}, with no sleep`);
      },
    },
    {
      id: 'sequence-resets-each-ms',
      title: 'The first id of every new millisecond has sequence 0',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 3, epoch: TWITTER_EPOCH }, START + 20_000);
        for (let i = 0; i < 3; i++) await g.next('three ids in the first millisecond: sequences 0, 1, 2');
        for (const step of [1, 1, 7, 250, 3_600_000]) {
          await g.advance(step);
          await g.next(`the clock moved ${step} ms forward: a new millisecond starts the sequence again at 0`);
          await g.next('the second id of that millisecond has sequence 1');
        }
      },
    },
    {
      id: 'burst-in-one-ms',
      title: 'A thousand ids in one millisecond are consecutive integers',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 600, epoch: TWITTER_EPOCH }, START + 30_000);
        await g.burst(1000, 'in one millisecond the sequence goes 0 … 999, so the ids are 1000 consecutive integers, with no sleep');
        await g.advance(1);
        await g.burst(10, 'the next millisecond starts again at sequence 0');
      },
    },
    {
      id: 'increasing-across-generators',
      title: 'A new generator at a later time issues larger ids than an earlier one on the same node',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 12, epoch: TWITTER_EPOCH }, START + 40_000);
        await g.burst(50, 'fifty ids in one millisecond');
        await g.create({ node: 12, epoch: TWITTER_EPOCH }, START + 40_001);
        await g.next('a generator created 1 ms later starts at sequence 0 of its own millisecond: its id is larger than all 50 before');
      },
    },
  ],
});
