import { defineStage, serviceOf } from '../../../src/grader/api.js';

export const stage = defineStage({
  id: 'benchmark',
  checks: [
    {
      id: 'proxy-throughput',
      title: 'Forwarding throughput: half the reference\'s requests/s or more, no errors, p99 within 3× the reference\'s + 5 ms; the overhead against one backend is reported',
      async run(ctx) {
        await serviceOf(ctx).benchmark({ baseline: { helper: 'backend', label: 'one backend directly' } });
      },
    },
  ],
});
