// Stage 1: one node answers writes and reads. TEMPLATE: each check proves one rule of the README.
import { clusterOf, defineStage } from '../../../src/grader/api.js';
import { expectAnswered } from './shared.js';

export const stage = defineStage({
  id: 'single-node',
  checks: [
    {
      id: 'reads-zero',
      title: 'A node that has seen no write reads 0',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: 1 });
        const reply = expectAnswered(cluster, await cluster.call('n1', { type: 'read' }), 'read_ok');
        if (reply.value !== 0) cluster.fail('a read before any write must give 0', { expected: { type: 'read_ok', value: 0 }, received: reply });
      },
    },
    {
      id: 'write-acknowledged',
      title: 'A write is answered with write_ok at once',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: 1 });
        expectAnswered(cluster, await cluster.call('n1', { type: 'write', value: 7 }), 'write_ok');
      },
    },
    {
      id: 'reads-the-max',
      title: 'A read gives the largest value written so far, not the last',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: 1 });
        for (const value of [5, 9, 3]) expectAnswered(cluster, await cluster.call('n1', { type: 'write', value }), 'write_ok');
        const reply = expectAnswered(cluster, await cluster.call('n1', { type: 'read' }), 'read_ok');
        if (reply.value !== 9) cluster.fail('after writes of 5, 9 and 3 a read must give 9, the largest', { expected: { type: 'read_ok', value: 9 }, received: reply });
      },
    },
  ],
});
