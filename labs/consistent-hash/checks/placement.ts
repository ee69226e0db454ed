import { defineStage, expectMatch } from '../../../src/grader/api.js';
import { ringHash } from './model.js';
import { COLLIDING_AT_0, NATO, Ring, describeRing, findKey } from './shared.js';

const FIVE = NATO.slice(0, 5);

export const stage = defineStage({
  id: 'placement',
  checks: [
    {
      id: 'hash-function',
      title: 'hash(s) is the first 4 bytes of SHA-1 of the UTF-8 bytes of s, read big-endian',
      async run(ctx) {
        for (const s of ['', 'alpha#0', 'user:42', 'clé-ключ-日本-😀']) {
          const expected = ringHash(s);
          await ctx.program.expect({ op: 'hash', s }, { hash: expected }, {
            message: `hash(${JSON.stringify(s)}) must be ${expected}: SHA-1 of the string's UTF-8 bytes, its first 4 bytes read as a big-endian unsigned 32-bit integer`,
          });
        }
      },
    },
    {
      id: 'empty-ring',
      title: 'get on an empty ring finds no node and does not fail',
      async run(ctx) {
        const ring = new Ring(ctx);
        await ring.create(1);
        await ring.expectGet('user:42', 'a ring with no nodes');
      },
    },
    {
      id: 'single-node',
      title: 'With one node, every key is on it',
      async run(ctx) {
        const ring = new Ring(ctx);
        await ring.create(1);
        await ring.add('alpha');
        for (const key of ['user:1', 'user:2', 'zzz', '']) await ring.expectGet(key, 'a ring with the single node "alpha"');
      },
    },
    {
      id: 'first-virtual-node-at-or-after',
      title: 'Each key goes to the first virtual node whose hash is at or after the key\'s hash',
      async run(ctx) {
        const ring = new Ring(ctx);
        await ring.create(1);
        const order = [...FIVE];
        for (let i = order.length - 1; i > 0; i--) {
          const j = ctx.random.int(0, i);
          [order[i], order[j]] = [order[j], order[i]];
        }
        await ring.add(...order);
        await ring.expectOwners('key-', 300, `five nodes, one virtual node each (added in the order ${order.join(', ')})`);
      },
    },
    {
      id: 'key-exactly-on-a-virtual-node',
      title: 'A key whose hash equals a virtual node\'s hash belongs to that virtual node (>=, not >)',
      async run(ctx) {
        const ring = new Ring(ctx);
        await ring.create(1);
        await ring.add(...FIVE);
        ctx.note(describeRing(ring.model));
        for (const node of FIVE) {
          await ring.expectGet(`${node}#0`, `the key "${node}#0" hashes exactly onto ${node}'s virtual node, and the walk takes the first virtual node with hash >= the key's hash`);
        }
      },
    },
    {
      id: 'wrap-around',
      title: 'A key past the last virtual node wraps to the first one; a key before the first lands on it',
      async run(ctx) {
        const ring = new Ring(ctx);
        await ring.create(1);
        await ring.add(...FIVE);
        const points = ring.model.ring();
        const lowest = points[0].hash;
        const highest = points[points.length - 1].hash;
        ctx.note(describeRing(ring.model));
        for (let i = 0; i < 3; i++) {
          await ring.expectGet(findKey('wrap-', (h) => h > highest, i), 'this key\'s hash is greater than every virtual node\'s: the ring wraps, so it belongs to the virtual node with the smallest hash');
        }
        await ring.expectGet(findKey('low-', (h) => h < lowest), 'this key\'s hash is smaller than every virtual node\'s: it belongs to the first virtual node of the ring');
      },
    },
    {
      id: 'equal-hashes-by-name',
      title: 'Virtual nodes with equal hashes are ordered by node name, whatever the order the nodes were added in',
      async run(ctx) {
        const { first, second, hash } = COLLIDING_AT_0;
        ctx.note(`"${first}#0" and "${second}#0" both hash to ${hash}; by name "${first}" < "${second}"`);
        for (const order of [[second, first], [first, second]]) {
          const ring = new Ring(ctx);
          await ring.create(1);
          await ring.add('alpha', ...order);
          for (const key of [`${first}#0`, `${second}#0`]) {
            await ring.expectGet(key, `with two virtual nodes at the same hash (nodes added in the order ${order.join(', ')}), ring order puts the smaller node name first, so the first virtual node at or after ${hash} is ${first}'s`);
          }
          const got = await ring.owners('key-', 200);
          const want = Array.from({ length: 200 }, (_, i) => ring.model.get(`key-${i}`) ?? null);
          expectMatch(got, want, `both colliding virtual nodes must stay on the ring (one must not replace the other): keys between the previous virtual node and ${hash} go to "${first}", and the rest are placed as usual`);
        }
      },
    },
  ],
});
