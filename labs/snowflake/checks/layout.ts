import { defineStage } from '../../../src/grader/api.js';
import { MAX_ID, MAX_TIMESTAMP, START, idOf } from './model.js';
import { Gen, DISCORD_EPOCH, TWITTER_EPOCH } from './shared.js';

const LAYOUT = 'id = (now − epoch) << 22 | node << 12 | sequence, and the first id of a generator has sequence 0';

export const stage = defineStage({
  id: 'layout',
  checks: [
    {
      id: 'first-ids-exact',
      title: 'The first ids of a generator are exactly (now − epoch) << 22 | node << 12 | sequence',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 1, epoch: TWITTER_EPOCH }, START);
        await g.next(LAYOUT);
        await g.next('a second id in the same millisecond has sequence 1');
        await g.next('a third id in the same millisecond has sequence 2');
      },
    },
    {
      id: 'node-bits',
      title: 'The node takes bits 21..12, all ten of them, and nothing else',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        for (const node of [0, 1023, 682, 5]) {
          await g.create({ node, epoch: DISCORD_EPOCH }, START + node);
          await g.next(`node ${node} sits in bits 21..12 (node << 12): ${LAYOUT}`);
        }
      },
    },
    {
      id: 'epoch-is-subtracted',
      title: 'The timestamp counts ms since the custom epoch, not since 1970',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 5, epoch: START }, START);
        await g.next('the clock is exactly at the epoch, so the timestamp is 0 and the id is just node << 12 = 20480');
        await g.create({ node: 5, epoch: START - 1 }, START);
        await g.next('1 ms after the epoch the timestamp is 1: the id is 1 << 22 | 5 << 12 = 4214784');
        await g.create({ node: 5, epoch: START - 86_400_000 }, START);
        await g.next('a day after the epoch the timestamp is 86400000 (now − epoch)');
      },
    },
    {
      id: 'large-timestamps-exact',
      title: 'Ids above 2^53 are exact to the last bit (TypeScript: bigint all the way)',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        ctx.note('ids this large need all 63 bits: a JavaScript number is exact only up to 2^53');
        await g.create({ node: 1023, epoch: TWITTER_EPOCH }, TWITTER_EPOCH + MAX_TIMESTAMP - 1);
        await g.next(`near the end of the 41-bit range: ${LAYOUT}`);
        await g.next('the next id in the same millisecond is exactly one more');
        await g.create({ node: 1023, epoch: TWITTER_EPOCH }, TWITTER_EPOCH + MAX_TIMESTAMP);
        await g.next('at the last timestamp that fits in 41 bits (2^41 − 1), bit 63 is still 0');
      },
    },
    {
      id: 'decode-parts',
      title: 'decode(id) returns the timestamp in ms since the Unix epoch, the node and the sequence',
      async run(ctx) {
        const g = new Gen(ctx.program, (t) => ctx.note(t));
        await g.create({ node: 7, epoch: TWITTER_EPOCH }, START);
        const issued = await g.next(LAYOUT);
        const why = 'decode returns { timestamp: (id >> 22) + epoch (ms since the Unix epoch), node: (id >> 12) & 1023, sequence: id & 4095 }';
        await g.decode(BigInt(String(issued.snowflake)), `${why}: an id this generator issued at ${START} decodes to timestamp ${START}`);
        await g.decode(idOf(123_456_789, 1023, 4095), `${why}: ids of other nodes decode too`);
        await g.decode(0n, `${why}: id 0 is the epoch itself, node 0, sequence 0`);
        await g.decode(MAX_ID, `${why}: the largest id (2^63 − 1) is the last timestamp, node 1023, sequence 4095`);
      },
    },
  ],
});
