import { defineStage, expectMatch, expectThat, type CheckContext } from '../../../src/grader/api.js';
import { COLLIDING_AT_0, NATO, Ring, keysOf } from './shared.js';

const KEYS = 3000;
const REPLICAS = 100;

/** The keys whose owner changed between two snapshots, with both owners. */
function moves(before: (string | null)[], after: (string | null)[]): { key: string; from: string | null; to: string | null }[] {
  const keys = keysOf('m-', KEYS);
  return keys.flatMap((key, i) => (before[i] === after[i] ? [] : [{ key, from: before[i], to: after[i] }]));
}

const show = (m: { key: string; from: string | null; to: string | null }) => `"${m.key}" ${m.from} -> ${m.to}`;

async function ringOf(ctx: CheckContext, nodes: string[]): Promise<Ring> {
  const ring = new Ring(ctx);
  await ring.create(REPLICAS);
  await ring.add(...nodes);
  return ring;
}

export const stage = defineStage({
  id: 'membership',
  checks: [
    {
      id: 'adding-moves-keys-only-onto-the-new-node',
      title: 'Adding the k-th node moves about 1/k of the keys, all of them onto the new node',
      async run(ctx) {
        const ring = await ringOf(ctx, NATO.slice(0, 3));
        let before = await ring.expectOwners('m-', KEYS, `three nodes with ${REPLICAS} virtual nodes each`);
        for (const node of NATO.slice(3, 7)) {
          const k = ring.model.nodes().length + 1;
          await ring.add(node);
          const after = await ring.owners('m-', KEYS);
          const moved = moves(before, after);
          const elsewhere = moved.filter((m) => m.to !== node);
          expectThat(elsewhere.length === 0,
            `adding "${node}" may only move keys onto "${node}" (it takes over the arcs just before its virtual nodes; nothing else changes), but ${elsewhere.length} keys moved elsewhere, e.g. ${elsewhere.slice(0, 3).map(show).join(', ')}`);
          const share = moved.length / KEYS;
          expectThat(share > 0.5 / k && share < 1.6 / k,
            `adding the ${k}th node should move about 1/${k} of the keys (${Math.round(KEYS / k)} of ${KEYS}); ${moved.length} moved. A ring moves only the new node's share, unlike hash(key) mod N, which moves almost all of them`,
            { expected: `about ${Math.round(KEYS / k)}`, received: moved.length });
          before = await ring.expectOwners('m-', KEYS, `after adding "${node}"`);
        }
      },
    },
    {
      id: 'removing-moves-only-its-keys',
      title: 'Removing a node moves exactly the keys it owned, each to the next node clockwise',
      async run(ctx) {
        const ring = await ringOf(ctx, NATO.slice(0, 6));
        let before = await ring.owners('m-', KEYS);
        for (const node of ['charlie', 'alpha', 'foxtrot']) {
          await ring.remove(node);
          const after = await ring.owners('m-', KEYS);
          const moved = moves(before, after);
          const strays = moved.filter((m) => m.from !== node);
          expectThat(strays.length === 0,
            `removing "${node}" may only move the keys "${node}" owned, but ${strays.length} other keys moved, e.g. ${strays.slice(0, 3).map(show).join(', ')}`);
          const stuck = keysOf('m-', KEYS).filter((_, i) => after[i] === node);
          expectThat(stuck.length === 0,
            `after remove("${node}") no key may be on "${node}", but ${stuck.length} still are (e.g. "${stuck[0]}"): all ${REPLICAS} of its virtual nodes must leave the ring`);
          before = await ring.expectOwners('m-', KEYS, `after removing "${node}", each of its keys goes to the next virtual node clockwise`);
        }
      },
    },
    {
      id: 'add-existing-is-a-no-op',
      title: 'Adding a node that is already on the ring changes nothing, and one remove takes it off',
      async run(ctx) {
        const ring = await ringOf(ctx, NATO.slice(0, 4));
        const before = await ring.owners('m-', KEYS);
        await ring.add('bravo');
        expectMatch(await ring.owners('m-', KEYS), before, 'add("bravo") when "bravo" is already on the ring must change nothing');
        await ring.remove('bravo');
        await ring.expectOwners('m-', KEYS, 'after adding "bravo" twice and removing it once, "bravo" is off the ring (a node is a member or not; adding it again must not add its virtual nodes again)');
      },
    },
    {
      id: 'remove-unknown-is-a-no-op',
      title: 'Removing a node that is not on the ring changes nothing',
      async run(ctx) {
        const empty = new Ring(ctx);
        await empty.create(REPLICAS);
        await empty.remove('alpha');
        await empty.expectGet('m-1', 'remove on an empty ring must change nothing');
        const ring = await ringOf(ctx, NATO.slice(0, 4));
        const before = await ring.owners('m-', KEYS);
        await ring.remove('zulu');
        await ring.remove('alph');
        expectMatch(await ring.owners('m-', KEYS), before, 'remove of a node that is not on the ring ("zulu", "alph") must change nothing');
      },
    },
    {
      id: 'remove-keeps-a-tied-point',
      title: 'Removing a node leaves another node\'s virtual node at the same hash on the ring',
      async run(ctx) {
        const { first, second, hash } = COLLIDING_AT_0;
        for (const [gone, stays] of [[first, second], [second, first]]) {
          ctx.note(`"${first}#0" and "${second}#0" both hash to ${hash}; "${gone}" is removed, "${stays}" stays`);
          const ring = new Ring(ctx);
          await ring.create(1);
          await ring.add('alpha', first, second);
          await ring.remove(gone);
          await ring.expectGet(`${stays}#0`, `remove("${gone}") must remove only ${gone}'s own virtual node: ${stays}'s, at the same hash ${hash}, stays, so the key "${stays}#0" (hash ${hash}) belongs to "${stays}"`);
          const got = await ring.owners('key-', 200);
          const want = Array.from({ length: 200 }, (_, i) => ring.model.get(`key-${i}`) ?? null);
          expectMatch(got, want, `after remove("${gone}") the ring holds alpha and ${stays}: keys between alpha's virtual node and ${hash} go to "${stays}"`);
        }
      },
    },
    {
      id: 'remove-then-add-restores',
      title: 'Removing a node and adding it back restores every placement, and removing every node empties the ring',
      async run(ctx) {
        const ring = await ringOf(ctx, NATO.slice(0, 5));
        const before = await ring.owners('m-', KEYS);
        await ring.remove('delta');
        await ring.add('delta');
        expectMatch(await ring.owners('m-', KEYS), before, 'placement depends only on which nodes are on the ring: after remove("delta") and add("delta") every key must be where it was');
        await ring.remove(...NATO.slice(0, 5));
        await ring.expectGet('m-1', 'after every node was removed');
        await ring.add('echo');
        await ring.expectOwners('m-', 200, 'a ring emptied and then given one node');
      },
    },
  ],
});
