// Stage 2: five nodes on a reliable network; every value reaches every node, and a run replays exactly.
import { clusterOf, defineStage, expectDeterministic, type Cluster, type ClusterOptions } from '../../../src/grader/api.js';
import { FIVE_NODE_LATENCY, expectEveryValueEverywhere, sampleScenario, sendTopology, workload } from './shared.js';

const CLUSTER: ClusterOptions = { nodes: 5, network: { latency: FIVE_NODE_LATENCY } };
const NODES = ['n1', 'n2', 'n3', 'n4', 'n5'];

/** 30 to 40 requests over 3 s, three broadcasts for each read, no fault. */
const scenario = (seed: number) => sampleScenario(workload(NODES, { minRequests: 30, maxRequests: 40, spanMs: 3_000 }), seed);

async function play(cluster: Cluster, seed: number): Promise<void> {
  await sendTopology(cluster);
  await cluster.play(scenario(seed));
}

export const stage = defineStage({
  id: 'many-nodes',
  checks: [
    {
      id: 'every-value-everywhere',
      title: 'Every broadcast value is read on every node',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start(CLUSTER);
        await play(cluster, ctx.seed);
        await expectEveryValueEverywhere(cluster);
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
