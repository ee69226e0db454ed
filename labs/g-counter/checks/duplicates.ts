// Stage 3: every message may arrive twice and out of order; nothing may be counted twice.
import { defineStage } from '../../../src/grader/api.js';
import { exploreCounter } from './shared.js';

export const stage = defineStage({
  id: 'duplicates',
  checks: [{
    id: 'duplicates-change-nothing',
    title: 'Duplicated and reordered messages change no read and no final value',
    run: (ctx) => exploreCounter(ctx, {
      runs: 20, nodes: 3, minRequests: 10,
      network: { latency: { kind: 'uniform', minMs: 10, maxMs: 200 }, duplicate: 0.5 },
      rules: { everyAddAnswered: true, growOnly: true },
    }),
  }],
});
