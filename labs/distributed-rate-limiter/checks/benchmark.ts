import { defineStage, serviceOf, type LoadRequest } from '../../../src/grader/api.js';

/** Enough clients that most requests are allowed: each gets BULK_CAPACITY, then the refill. */
const CLIENTS = 64;
const requests: LoadRequest[] = Array.from({ length: CLIENTS }, (_, i) => ({ method: 'GET', path: `/bulk/bench-${i}` }));

export const stage = defineStage({
  id: 'benchmark',
  checks: [
    {
      id: 'bulk-throughput',
      title: 'Bulk throughput: half the reference\'s requests/s or more, every answer 200 or 429, p99 within 3× the reference\'s + 5 ms',
      async run(ctx) {
        await serviceOf(ctx).benchmark({ setup: async () => requests });
      },
    },
  ],
});
