import { defineStage } from '../../../src/grader/api.js';
import { MAX_TIMESTAMP, START } from './model.js';
import { Gen, TWITTER_EPOCH } from './shared.js';

export const stage = defineStage({
  id: 'validation',
  checks: [
    {
      id: 'node-range',
      title: 'A node that is not a whole number in 0..1023 is rejected, never masked, wrapped or truncated',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        for (const node of [-1, 1024, 5000]) {
          await g.create({ node, epoch: TWITTER_EPOCH }, START, `node ${node} does not fit in 10 bits: creating the generator must fail with InvalidNodeError / ErrInvalidNode`);
        }
        await g.create({ node: 1.5, epoch: TWITTER_EPOCH }, START, 'node 1.5 is not a whole number: creating the generator must fail with InvalidNodeError / ErrInvalidNode (never truncated to 1)');
        await g.create({ node: 1023, epoch: TWITTER_EPOCH }, START, 'node 1023 is the largest valid node');
        await g.next('node 1023 fills bits 21..12');
      },
    },
    {
      id: 'clock-before-epoch',
      title: 'A clock before the epoch is rejected when creating and by next()',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 2, epoch: START + 1 }, START, 'the clock reads 1 ms before the epoch: creating must fail with BeforeEpochError / ErrBeforeEpoch');
        await g.create({ node: 2, epoch: START + 3_600_000 }, START, 'the clock reads an hour before the epoch: creating must fail with BeforeEpochError / ErrBeforeEpoch');
        await g.create({ node: 2, epoch: START }, START, 'the clock exactly at the epoch is fine (timestamp 0)');
        await g.advance(-1);
        await g.next('no id was issued yet and the clock now reads 1 ms before the epoch: next() must fail with the before-epoch error');
        await g.advance(1);
        await g.next('back at the epoch: timestamp 0, sequence 0');
      },
    },
    {
      id: 'forty-one-bits',
      title: 'A timestamp beyond 2^41 − 1 is an error, never an id with bit 63 set',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 0, epoch: TWITTER_EPOCH }, TWITTER_EPOCH + MAX_TIMESTAMP + 1,
          'the clock is 2^41 ms after the epoch, beyond 41 bits: creating must fail with TimestampOverflowError / ErrTimestampOverflow');
        await g.create({ node: 0, epoch: TWITTER_EPOCH }, TWITTER_EPOCH + MAX_TIMESTAMP, 'the clock is 2^41 − 1 ms after the epoch: the last timestamp that fits');
        await g.next('the last timestamp that fits: bit 63 stays 0');
        await g.advance(1);
        await g.next('the clock is now 2^41 ms after the epoch: next() must fail with the timestamp-overflow error instead of setting bit 63');
      },
    },
    {
      id: 'overflow-after-the-wait',
      title: 'Waiting out the last millisecond that fits ends in the timestamp-overflow error',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 1, epoch: TWITTER_EPOCH }, TWITTER_EPOCH + MAX_TIMESTAMP);
        await g.burst(4097, 'after 4096 ids at the last timestamp, the 4097th sleeps 1 ms, reads the clock again and goes through every check again: now the timestamp no longer fits');
      },
    },
    {
      id: 'decode-rejects-non-ids',
      title: 'decode rejects negative numbers and numbers of 2^63 or more',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 1, epoch: TWITTER_EPOCH }, START);
        await g.decode(-1n, 'a negative number is not an id (bit 63 is always 0): decode must fail with InvalidIdError / ErrInvalidID');
        await g.decode(-(1n << 63n), 'the smallest int64 has bit 63 set: decode must fail with InvalidIdError / ErrInvalidID');
        await g.decode(1n << 63n, '2^63 needs 64 bits: decode must fail with InvalidIdError (the Go driver answers this one itself: it is no int64)');
      },
    },
  ],
});
