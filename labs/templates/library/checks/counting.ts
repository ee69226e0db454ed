// Stage 1: totals per key, no clock. TEMPLATE: each check proves one rule of the README, and its messages
// say which; a check fails by throwing through the expect helpers (never by printing or sleeping).
import { defineStage } from '../../../src/grader/api.js';
import { TallyClient } from './shared.js';

export const stage = defineStage({
  id: 'counting',
  checks: [
    {
      id: 'starts-at-zero',
      title: 'A key nobody added to has a total of 0',
      async run(ctx) {
        const tally = new TallyClient(ctx);
        await tally.create();
        await tally.expectTotal('nobody', 0, 'a key with no add must have a total of 0');
      },
    },
    {
      id: 'adds-up',
      title: 'Each add returns the sum of the amounts added to its key so far',
      async run(ctx) {
        const tally = new TallyClient(ctx);
        await tally.create();
        let sum = 0;
        for (let i = 0; i < 5; i++) {
          const amount = ctx.random.int(1, 9);
          sum += amount;
          await tally.add('k', amount, sum, 'add must return the sum of every amount added to the key so far');
        }
        await tally.expectTotal('k', sum, 'total must be the sum of every amount added to the key');
      },
    },
    {
      id: 'keys-apart',
      title: 'An add to one key leaves the totals of the others alone',
      async run(ctx) {
        const tally = new TallyClient(ctx);
        await tally.create();
        await tally.add('a', 2, 2, 'the first add to a key returns its amount');
        await tally.add('b', 5, 5, 'keys are independent: b starts from 0 whatever a holds');
        await tally.expectTotal('a', 2, 'an add to b must not change the total of a');
      },
    },
    {
      id: 'rejects-bad-amounts',
      title: 'An amount below 1 is rejected and changes nothing',
      async run(ctx) {
        const tally = new TallyClient(ctx);
        await tally.create();
        await tally.add('k', 3, 3, 'the first add to a key returns its amount');
        await tally.reject('k', 0);
        await tally.reject('k', -4);
        await tally.expectTotal('k', 3, 'a rejected add must not change the total');
      },
    },
  ],
});
