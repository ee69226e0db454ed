// Stage 3: links lose half of all messages between nodes; every node still reaches the largest value.
import { clusterOf, defineStage } from '../../../src/grader/api.js';
import { expectAnswered, expectEveryNodeReads } from './shared.js';

export const stage = defineStage({
  id: 'lossy-network',
  checks: [
    {
      id: 'converges-despite-loss',
      title: 'With half of all messages lost, every node still reads each new largest value',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: 3, network: { latency: { kind: 'uniform', minMs: 10, maxMs: 100 }, loss: 0.5 } });
        // Rounds of ever larger values, each to one node: a copy sent once is lost in three rounds of four,
        // so only a node that keeps sending gets every round through.
        let value = 0;
        for (let round = 0; round < 6; round++) {
          value += ctx.random.int(1, 100);
          expectAnswered(cluster, await cluster.call(ctx.random.pick([...cluster.nodeIds]), { type: 'write', value }), 'write_ok');
          await expectEveryNodeReads(cluster, value, 5_000);
        }
      },
    },
  ],
});
