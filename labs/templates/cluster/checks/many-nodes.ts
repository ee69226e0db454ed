// Stage 2: three nodes on a network that delays but never loses; every node reaches the largest value.
import { clusterOf, defineStage } from '../../../src/grader/api.js';
import { expectEveryNodeReads, writeSpread } from './shared.js';

export const stage = defineStage({
  id: 'many-nodes',
  checks: [
    {
      id: 'converges-to-the-max',
      title: 'Every node reads the largest value written to any node',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: 3, network: { latency: { kind: 'uniform', minMs: 10, maxMs: 50 } } });
        const largest = await writeSpread(cluster, ctx.random, 6, 50);
        await expectEveryNodeReads(cluster, largest, 3_000);
      },
    },
  ],
});
