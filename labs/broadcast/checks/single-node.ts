// Stage 1: one node answers broadcast, read and topology, and reads back exactly what it was given.
import { clusterOf, defineStage } from '../../../src/grader/api.js';
import { expectAnswered, gridTopology, sendTopology, sortedValues } from './shared.js';

export const stage = defineStage({
  id: 'single-node',
  checks: [
    {
      id: 'empty-read',
      title: 'A node that has seen no value reads an empty list',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: 1 });
        const reply = expectAnswered(cluster, await cluster.call('n1', { type: 'read' }), 'read_ok');
        if (!Array.isArray(reply.messages) || reply.messages.length !== 0) cluster.fail('read before any broadcast must list no value', { expected: { type: 'read_ok', messages: [] }, received: reply });
      },
    },
    {
      id: 'topology-ok',
      title: 'topology is answered with topology_ok',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: 1 });
        expectAnswered(cluster, await cluster.call('n1', { type: 'topology', topology: gridTopology(cluster.nodeIds) }), 'topology_ok');
      },
    },
    {
      id: 'broadcast-then-read',
      title: 'Every broadcast is acknowledged and read lists each value once',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: 1 });
        await sendTopology(cluster);
        const values = new Set<number>();
        while (values.size < 8) values.add(ctx.random.int(0, 1_000_000));
        const sent: number[] = [];
        for (const value of values) {
          expectAnswered(cluster, await cluster.call('n1', { type: 'broadcast', message: value }), 'broadcast_ok');
          sent.push(value);
          if (sent.length % 3 === 0 || sent.length === values.size) {
            const reply = expectAnswered(cluster, await cluster.call('n1', { type: 'read' }), 'read_ok');
            if (!Array.isArray(reply.messages)) cluster.fail('read_ok must carry "messages", a list of integers', { received: reply });
            const want = [...sent].sort((a, b) => a - b);
            if (JSON.stringify(sortedValues(reply)) !== JSON.stringify(want)) {
              cluster.fail('read must list every value broadcast so far, each once (in any order)', { expected: want, received: reply.messages });
            }
          }
        }
      },
    },
  ],
});
