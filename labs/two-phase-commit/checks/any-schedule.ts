// Stage 6: random transactions under random crashes, partitions, one-way cuts, loss and duplication; every
// rule checked after every event, the smallest failing schedule shrunk and drawn.
import { defineStage, exploreCluster, fc, scenarioArbitrary } from '../../../src/grader/api.js';
import { NETWORK, NODES, expectSettledRun, txnArbitrary, txnsOf } from './shared.js';

const SPAN_MS = 1_500;
const nodes = Array.from({ length: NODES }, (_, i) => `n${i + 1}`);

export const stage = defineStage({
  id: 'any-schedule',
  checks: [{
    id: 'atomic-under-faults',
    title: 'No transaction is ever committed on one node and aborted on another, whatever fails and when',
    run: (ctx) => exploreCluster(ctx, {
      runs: 12,
      cluster: { nodes: NODES, network: { ...NETWORK, loss: 0.05, duplicate: 0.05 } },
      scenarios: fc.tuple(
        txnArbitrary('t', { min: 2, max: 5 }, SPAN_MS),
        scenarioArbitrary({ nodes, requests: fc.constant({ type: 'none' }), minRequests: 0, maxRequests: 0, spanMs: SPAN_MS, faults: { crash: true, partition: true, cut: true }, maxFaults: 3 }),
      ).map(([txns, faults]) => ({ steps: [...txns, ...faults.steps].sort((a, b) => a.at - b.at) })),
      run: async (cluster, scenario) => {
        await cluster.play(scenario);
        await expectSettledRun(cluster, txnsOf(scenario));
      },
    }),
  }],
});
