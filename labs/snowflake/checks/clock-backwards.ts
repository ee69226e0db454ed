import { defineStage } from '../../../src/grader/api.js';
import { START } from './model.js';
import { Gen, TWITTER_EPOCH } from './shared.js';

const BACK = 'the clock reads earlier than the last id: next() must fail with ClockMovedBackwardsError / ErrClockMovedBackwards at once (tolerance: none, no waiting, no id)';

export const stage = defineStage({
  id: 'clock-backwards',
  checks: [
    {
      id: 'backwards-is-an-error',
      title: 'next() fails when the clock is behind the last id, by 1 ms or by much more',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 9, epoch: TWITTER_EPOCH }, START + 500_000);
        await g.next('the first id');
        await g.next('a second id in the same millisecond');
        await g.advance(-1);
        await g.next(`${BACK}; here it is 1 ms behind`);
        await g.advance(-60_000);
        await g.next(`${BACK}; here it is a minute behind`);
      },
    },
    {
      id: 'error-changes-nothing',
      title: 'After the errors, the sequence goes on where it was: no duplicate, no smaller id',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 9, epoch: TWITTER_EPOCH }, START + 600_000);
        await g.next('the first id');
        await g.next('a second id in the same millisecond');
        await g.advance(-5);
        await g.next(BACK);
        await g.advance(3);
        await g.next(`${BACK}; 2 ms behind now`);
        await g.advance(2);
        await g.next('the clock is back at the last id\'s millisecond: the failed calls changed nothing, so the sequence goes on at 2');
        await g.advance(1);
        await g.next('a new millisecond: sequence 0');
      },
    },
    {
      id: 'backwards-with-a-used-up-ms',
      title: 'A clock behind a used-up millisecond is an error too, not a sleep',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 9, epoch: TWITTER_EPOCH }, START + 700_000);
        await g.burst(4096, '4096 ids use up the millisecond');
        await g.advance(-1);
        await g.next(`${BACK}: the backwards check comes first, before any sleep`);
        await g.advance(1);
        await g.next('back at the used-up millisecond: sleep 1 ms, then sequence 0');
      },
    },
  ],
});
