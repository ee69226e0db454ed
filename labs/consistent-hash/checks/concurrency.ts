import { defineStage, expectMatch } from '../../../src/grader/api.js';
import { NATO, Ring } from './shared.js';

export const stage = defineStage({
  id: 'concurrency',
  checks: [
    {
      id: 'lookups-during-membership-changes',
      title: 'Concurrent get and getN while nodes are added and removed always answer with distinct, real nodes (Go: under the race detector)',
      async run(ctx) {
        const ring = new Ring(ctx);
        await ring.create(50);
        const stable = NATO.slice(0, 4);
        const churn = NATO.slice(4, 8);
        ctx.note(`8 concurrent readers × 400 lookups (get and getN(key, 3)) while ${churn.join(', ')} are added and removed 30 times`);
        const reply = await ctx.program.call({ op: 'hammer', stable, churn, workers: 8, rounds: 400, cycles: 30, n: 3, seed: ctx.seed }, { timeoutMs: 20_000 });
        expectMatch(reply, { gets: 1600, getNs: 1600, mutations: 240 }, 'the driver must have made every lookup and every membership change');
        expectMatch(reply, { missing: 0, strangers: 0, duplicates: 0, badLengths: 0 },
          'every lookup must see the ring in one consistent state: get always finds a node (four stay on the ring throughout), answers name only nodes that were added, and getN lists 3 distinct nodes. Guard the ring with a lock (Go: sync.RWMutex, Lock in Add and Remove, RLock in Get and GetN)');
        for (const node of stable) ring.model.add(node);
        await ring.expectOwners('c-', 1000, `after the churn, only ${stable.join(', ')} are on the ring`);
      },
    },
    {
      id: 'concurrent-adds-lose-nothing',
      title: 'Nodes added from many goroutines at once all end up on the ring',
      async run(ctx) {
        const ring = new Ring(ctx);
        await ring.create(40);
        const nodes = NATO.slice(0, 12);
        ctx.note(`${nodes.length} nodes each added from its own goroutine (TypeScript: its own async task), with 4 readers calling get meanwhile`);
        await ctx.program.expect({ op: 'addConcurrently', nodes, workers: 4 }, { ok: true }, { timeoutMs: 20_000, message: 'concurrent adds must all return' });
        for (const node of nodes) ring.model.add(node);
        await ring.expectOwners('c-', 2000, 'every concurrently added node must be on the ring with all its virtual nodes, in ring order (an add that read the ring before another add wrote it must not overwrite it)');
      },
    },
  ],
});
