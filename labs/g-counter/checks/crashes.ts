// Stage 5: nodes crash and restart (only storage survives) among partitions.
import { defineStage } from '../../../src/grader/api.js';
import { exploreCounter } from './shared.js';

export const stage = defineStage({
  id: 'crashes',
  checks: [{
    id: 'acknowledged-adds-survive-crashes',
    title: 'An acknowledged add survives its node crashing; the cluster still converges to the exact sum',
    run: (ctx) => exploreCounter(ctx, {
      runs: 20, nodes: 5, minRequests: 5, faults: { crash: true, partition: true },
      network: { latency: { kind: 'uniform', minMs: 10, maxMs: 50 } },
      rules: { everyAddAnswered: false, growOnly: true },
    }),
  }],
});
