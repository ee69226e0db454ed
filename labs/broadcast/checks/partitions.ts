// Stage 3: random partitions and one-way cuts; once they heal, every acknowledged value is on every node.
import { defineStage, exploreCluster } from '../../../src/grader/api.js';
import { FIVE_NODE_LATENCY, expectEveryValueEverywhere, sendTopology, workload } from './shared.js';

export const stage = defineStage({
  id: 'partitions',
  checks: [
    {
      id: 'acknowledged-values-survive-partitions',
      title: 'After partitions heal, every acknowledged value is read on every node',
      async run(ctx) {
        await exploreCluster(ctx, {
          runs: 20,
          cluster: { nodes: 5, network: { latency: FIVE_NODE_LATENCY } },
          scenarios: workload(['n1', 'n2', 'n3', 'n4', 'n5'], { minRequests: 5, maxRequests: 25, spanMs: 3_000, faults: { partition: true, cut: true } }),
          run: async (cluster, scenario) => {
            await sendTopology(cluster);
            await cluster.play(scenario);
            await expectEveryValueEverywhere(cluster);
          },
        });
      },
    },
  ],
});
