import { defineStage, serviceOf } from '../../../src/grader/api.js';

export const stage = defineStage({
  id: 'benchmark',
  checks: [
    {
      id: 'enqueue-lease-ack-throughput',
      title: 'Enqueue, lease and ack throughput: half the reference\'s requests/s or more, no errors, p99 within 3× the reference\'s + 5 ms',
      async run(ctx) {
        await serviceOf(ctx).benchmark();
      },
    },
  ],
});
