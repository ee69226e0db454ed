// Stage 6: negative deltas (a PN-counter), with every fault of the earlier stages at once.
import { defineStage, fc } from '../../../src/grader/api.js';
import { exploreCounter } from './shared.js';

/** Deltas from -10 to 10, never 0. */
const deltas = fc.integer({ min: -10, max: 9 }).map((d) => (d >= 0 ? d + 1 : d));

export const stage = defineStage({
  id: 'pn-counter',
  checks: [{
    id: 'decrements-converge',
    title: 'With decrements, every node converges to the exact sum through duplicates, partitions and crashes',
    run: (ctx) => exploreCounter(ctx, {
      runs: 20, nodes: 5, minRequests: 5, deltas, faults: { crash: true, partition: true, cut: true },
      network: { latency: { kind: 'uniform', minMs: 10, maxMs: 100 }, loss: 0.1, duplicate: 0.3 },
      rules: { everyAddAnswered: false, growOnly: false },
    }),
  }],
});
