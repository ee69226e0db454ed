import { defineStage, expectThat } from '../../../src/grader/api.js';
import { COLLIDING_ACROSS, NATO, Ring, keysOf } from './shared.js';

/** Balance bound with 160 virtual nodes per node: every node owns between these fractions of the mean. */
const LOW = 0.75;
const HIGH = 1.25;

export const stage = defineStage({
  id: 'virtual-nodes',
  checks: [
    {
      id: 'placements-with-replicas',
      title: 'With replicas > 1, node n has virtual nodes "n#0" … "n#<replicas-1>" and keys land exactly as the contract says',
      async run(ctx) {
        for (const replicas of [3, 10]) {
          const ring = new Ring(ctx);
          await ring.create(replicas);
          await ring.add(...NATO.slice(0, 5));
          await ring.expectOwners(`r${replicas}-key-`, 400, `five nodes with ${replicas} virtual nodes each ("alpha#0" … "alpha#${replicas - 1}", …)`);
        }
      },
    },
    {
      id: 'first-and-last-virtual-node',
      title: 'Keys exactly on "n#0" and on "n#<replicas-1>" land on node n',
      async run(ctx) {
        const ring = new Ring(ctx);
        await ring.create(4);
        await ring.add(...NATO.slice(0, 4));
        for (const node of NATO.slice(0, 4)) {
          await ring.expectGet(`${node}#0`, `"${node}#0" is ${node}'s first virtual node (indexes start at 0)`);
          await ring.expectGet(`${node}#3`, `with replicas 4, "${node}#3" is ${node}'s last virtual node (indexes run 0 … replicas-1)`);
        }
      },
    },
    {
      id: 'equal-hashes-across-indexes',
      title: 'Ties between different nodes\' virtual nodes are ordered by node name, not by index',
      async run(ctx) {
        const c = COLLIDING_ACROSS;
        ctx.note(`"${c.first}#${c.firstIndex}" and "${c.second}#${c.secondIndex}" both hash to ${c.hash}; by name "${c.first}" < "${c.second}" (names compare as strings, character by character)`);
        for (const order of [[c.first, c.second], [c.second, c.first]]) {
          const ring = new Ring(ctx);
          await ring.create(8);
          await ring.add('bravo', ...order);
          await ring.expectGet(`${c.second}#${c.secondIndex}`, `two virtual nodes share the hash ${c.hash} (added in the order ${order.join(', ')})`);
          await ring.expectOwners('tie-', 300, 'both colliding virtual nodes must stay on the ring');
        }
      },
    },
    {
      id: 'balance',
      title: 'With 160 virtual nodes per node, 10 nodes each own 75% to 125% of an even share of 20000 keys',
      async run(ctx) {
        const ring = new Ring(ctx);
        await ring.create(160);
        const nodes = NATO.slice(0, 10);
        await ring.add(...nodes);
        const keys = 20_000;
        const counts = await ring.spread('user:', keys);
        const mean = keys / nodes.length;
        const expected: Record<string, number> = {};
        for (const key of keysOf('user:', keys)) {
          const owner = ring.model.get(key) as string;
          expected[owner] = (expected[owner] ?? 0) + 1;
        }
        ctx.note(`the contract's ring gives ${nodes.map((n) => `${n} ${expected[n]}`).join(', ')} (mean ${mean})`);
        for (const node of nodes) {
          const got = counts[node] ?? 0;
          expectThat(got >= LOW * mean && got <= HIGH * mean,
            `with 160 virtual nodes per node, each of 10 nodes must own between ${LOW * mean} and ${HIGH * mean} of ${keys} keys; "${node}" owns ${got}. Every node needs all its replicas on the ring, each at hash("${node}#i")`,
            { expected: expected[node], received: got });
        }
        for (const node of nodes) {
          expectThat((counts[node] ?? 0) === expected[node], `"${node}" must own exactly ${expected[node]} of the ${keys} keys, as the contract's ring places them`,
            { expected, received: counts });
        }
      },
    },
  ],
});
