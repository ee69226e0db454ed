import { defineStage } from '../../../src/grader/api.js';
import { COLLIDING_AT_0, NATO, Ring, describeRing, findKey, keysOf } from './shared.js';

export const stage = defineStage({
  id: 'replicas',
  checks: [
    {
      id: 'getn-walks-clockwise',
      title: 'getN(key, n) walks clockwise from get(key)\'s virtual node and lists n nodes in walk order',
      async run(ctx) {
        const ring = new Ring(ctx);
        await ring.create(1);
        await ring.add(...NATO.slice(0, 5));
        ctx.note(describeRing(ring.model));
        for (const key of keysOf('g-', 12)) await ring.expectGetN(key, 3, 'five nodes, one virtual node each');
      },
    },
    {
      id: 'getn-wraps',
      title: 'The walk continues from the start of the ring after the last virtual node',
      async run(ctx) {
        const ring = new Ring(ctx);
        await ring.create(1);
        await ring.add(...NATO.slice(0, 5));
        const points = ring.model.ring();
        ctx.note(describeRing(ring.model));
        const last = points[points.length - 1].hash;
        const secondLast = points[points.length - 2].hash;
        await ring.expectGetN(findKey('gw-', (h) => h > last), 3, 'a key past the last virtual node starts at the first one');
        await ring.expectGetN(findKey('gw-', (h) => h > secondLast && h <= last), 3, 'a key on the last arc takes the last virtual node, then wraps to the start');
      },
    },
    {
      id: 'getn-skips-chosen-nodes',
      title: 'With many virtual nodes per node, getN skips nodes already chosen and returns distinct nodes',
      async run(ctx) {
        const ring = new Ring(ctx);
        await ring.create(50);
        await ring.add(...NATO.slice(0, 6));
        for (const key of keysOf('gs-', 30)) await ring.expectGetN(key, 3, 'six nodes, 50 virtual nodes each');
        for (const key of keysOf('gs6-', 5)) await ring.expectGetN(key, 6, 'six nodes, 50 virtual nodes each: n equal to the number of nodes');
      },
    },
    {
      id: 'n-beyond-the-nodes',
      title: 'n larger than the number of nodes returns every node once; n of 0 and an empty ring return an empty list',
      async run(ctx) {
        const ring = new Ring(ctx);
        await ring.create(20);
        await ring.expectGetN('user:7', 3, 'an empty ring');
        await ring.add(...NATO.slice(0, 4));
        await ring.expectGetN('user:7', 10, 'only four nodes: getN(key, 10) returns all four, each once, after one walk round the ring');
        await ring.expectGetN('user:8', 4, 'four nodes, n 4');
        await ring.expectGetN('user:9', 1, 'n 1 is [get(key)]');
        await ring.expectGetN('user:9', 0, 'n 0');
      },
    },
    {
      id: 'getn-at-equal-hashes',
      title: 'At two virtual nodes with the same hash, getN lists the smaller node name first',
      async run(ctx) {
        const { first, second } = COLLIDING_AT_0;
        const ring = new Ring(ctx);
        await ring.create(1);
        await ring.add(second, 'alpha', first);
        await ring.expectGetN(`${second}#0`, 2, `"${first}#0" and "${second}#0" share a hash, and ring order breaks the tie by name`);
        await ring.expectGetN(`${first}#0`, 3, 'the walk goes on past both');
      },
    },
  ],
});
