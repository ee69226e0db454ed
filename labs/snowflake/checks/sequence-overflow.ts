import { defineStage } from '../../../src/grader/api.js';
import { START } from './model.js';
import { Gen, TWITTER_EPOCH } from './shared.js';

const WAIT = 'the 4097th id of a millisecond must wait for the next one: exactly one clock.sleep(1) (Go: Sleep(time.Millisecond)), then sequence 0 at the next millisecond';

export const stage = defineStage({
  id: 'sequence-overflow',
  checks: [
    {
      id: 'fills-one-ms',
      title: '4096 ids fit in one millisecond; the 4097th sleeps 1 ms and starts the next',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 77, epoch: TWITTER_EPOCH }, START + 100_000);
        await g.burst(4096, 'sequences 0 … 4095 all fit in one millisecond: 4096 consecutive ids, no sleep');
        await g.next(`${WAIT} (never wrap to sequence 0 in the same millisecond: that id was already issued)`);
        await g.next('after the wait, the next id in the new millisecond has sequence 1 and needs no sleep');
      },
    },
    {
      id: 'overflows-in-a-burst',
      title: 'Two overflows in a row: each waits exactly 1 ms, once',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 1023, epoch: TWITTER_EPOCH }, START + 200_000);
        await g.burst(4096 * 2 + 100, `${WAIT}; the driver's clock moves by the sleep at once, so one sleep is always enough`);
      },
    },
    {
      id: 'no-sleep-after-the-clock-moved',
      title: 'A used-up millisecond needs no sleep once the clock has moved on by itself',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 4, epoch: TWITTER_EPOCH }, START + 300_000);
        await g.burst(4096, '4096 ids in one millisecond');
        await g.advance(1);
        await g.next('the clock is already at the next millisecond: sequence 0 there, and no sleep at all');
        await g.burst(4095, 'the rest of that millisecond: sequences 1 … 4095');
        await g.advance(3);
        await g.burst(4097, `3 ms later: 4096 ids, then ${WAIT}`);
      },
    },
  ],
});
