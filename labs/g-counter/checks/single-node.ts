// Stage 1: one node adds and reads.
import { clusterOf, defineStage } from '../../../src/grader/api.js';
import { expectAnswered, readValue } from './shared.js';

export const stage = defineStage({
  id: 'single-node',
  checks: [
    {
      id: 'starts-at-zero',
      title: 'A node that has seen no add reads 0',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: 1 });
        const op = await cluster.call('n1', { type: 'read' });
        const value = readValue(cluster, op);
        if (value !== 0) cluster.fail('read before any add must be 0', { expected: { type: 'read_ok', value: 0 }, received: op.reply });
      },
    },
    {
      id: 'reads-the-sum',
      title: 'Every add is acknowledged and read returns the sum so far',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: 1 });
        let sum = 0;
        for (let i = 1; i <= 8; i++) {
          const delta = ctx.random.int(1, 20);
          expectAnswered(cluster, await cluster.call('n1', { type: 'add', delta }), 'add_ok');
          sum += delta;
          if (i % 3 === 0 || i === 8) {
            const op = await cluster.call('n1', { type: 'read' });
            if (readValue(cluster, op) !== sum) cluster.fail('read must return the sum of every add so far', { expected: { type: 'read_ok', value: sum }, received: op.reply });
          }
        }
      },
    },
  ],
});
