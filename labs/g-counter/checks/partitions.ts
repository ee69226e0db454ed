// Stage 4: partitions, one-way cuts and a lossy network; once healed, the exact sum everywhere.
import { defineStage } from '../../../src/grader/api.js';
import { exploreCounter } from './shared.js';

export const stage = defineStage({
  id: 'partitions',
  checks: [{
    id: 'heals-into-the-exact-sum',
    title: 'After partitions heal, every node reads the sum of all acknowledged adds',
    run: (ctx) => exploreCounter(ctx, {
      runs: 20, nodes: 5, minRequests: 5, faults: { partition: true, cut: true },
      network: { latency: { kind: 'uniform', minMs: 10, maxMs: 50 }, loss: 0.2, duplicate: 0.1 },
      rules: { everyAddAnswered: true, growOnly: true },
    }),
  }],
});
