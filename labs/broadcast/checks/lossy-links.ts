// Stage 4: links that lose, duplicate and reorder messages all the time, also while the checks wait.
import { defineStage, exploreCluster } from '../../../src/grader/api.js';
import { LOSSY_READ_ROUNDS_MS, expectEveryValueEverywhere, sendTopology, workload } from './shared.js';

export const stage = defineStage({
  id: 'lossy-links',
  checks: [
    {
      id: 'every-value-through-lossy-links',
      title: 'Every value reaches every node though links lose half of all messages and duplicate 20%',
      async run(ctx) {
        await exploreCluster(ctx, {
          runs: 10,
          cluster: { nodes: 5, network: { latency: { kind: 'uniform', minMs: 10, maxMs: 100 }, loss: 0.5, duplicate: 0.2 } },
          scenarios: workload(['n1', 'n2', 'n3', 'n4', 'n5'], { minRequests: 20, maxRequests: 60, spanMs: 5_000 }),
          run: async (cluster, scenario) => {
            await sendTopology(cluster);
            await cluster.play(scenario);
            await expectEveryValueEverywhere(cluster, LOSSY_READ_ROUNDS_MS);
          },
        });
      },
    },
  ],
});
