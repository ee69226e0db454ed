// Stage 2: three nodes on a reliable, in-order network; the sum of every node's adds everywhere, replayed exactly.
import { clusterOf, defineStage, expectDeterministic, type Cluster, type ClusterOptions } from '../../../src/grader/api.js';
import { expectCounterRun, increments, sampleScenario, workload } from './shared.js';

const CLUSTER: ClusterOptions = { nodes: 3, network: { latency: { kind: 'uniform', minMs: 10, maxMs: 50 }, fifo: true } };

/** 30 to 40 requests over 3 s to random nodes, two adds for each read. */
const play = (cluster: Cluster, seed: number) =>
  cluster.play(sampleScenario(workload(cluster.nodeIds, increments, { minRequests: 30, maxRequests: 40, spanMs: 3_000 }), seed));

export const stage = defineStage({
  id: 'many-nodes',
  checks: [
    {
      id: 'converges-to-the-sum',
      title: 'Every node reads the sum of all adds, and no read goes backwards',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start(CLUSTER);
        await play(cluster, ctx.seed);
        await expectCounterRun(cluster, { everyAddAnswered: true, growOnly: true });
      },
    },
    {
      id: 'replays-exactly',
      title: 'The same seed gives the same run, event for event',
      async run(ctx) {
        await expectDeterministic(ctx, {
          cluster: CLUSTER,
          run: async (cluster) => {
            await play(cluster, ctx.seed);
            await cluster.runFor(2_000);
          },
        });
      },
    },
  ],
});
