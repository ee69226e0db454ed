// Stage 6: a bounded number of messages per operation without faults, and silence when there is nothing to do.
import { clusterOf, defineStage, type Cluster, type CheckContext } from '../../../src/grader/api.js';
import { N, NETWORK, SETTLE_MS, expectReply, keysFor } from './shared.js';

/**
 * The workload below costs exactly 4.8 messages per operation when each replica other than the coordinator
 * gets one request and sends one answer (4 on a replica coordinator, 6 elsewhere; each key's 3 replicas
 * and 2 others coordinate it once per kind).
 */
const MAX_PER_OP = 5;
const IDLE_MS = 2_000;

/** Each of 5 keys put once through every node, then read once through every node, one at a time. */
async function workload(ctx: CheckContext, cluster: Cluster): Promise<void> {
  const keys = keysFor(ctx, 5);
  for (const type of ['put', 'get']) {
    for (const [i, key] of keys.entries()) {
      for (const node of cluster.nodeIds) {
        const body = type === 'put' ? { type, key, value: i } : { type, key };
        expectReply(cluster, await cluster.call(node, body), `${type}_ok`);
        await cluster.runFor(SETTLE_MS);
      }
    }
  }
}

const byType = (counts: Record<string, number>) => Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ');

export const stage = defineStage({
  id: 'efficiency',
  checks: [
    {
      id: 'quiet-when-idle',
      title: 'A cluster with no request and no hint sends no message for 2 s',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ network: NETWORK });
        for (const key of keysFor(ctx, 3)) expectReply(cluster, await cluster.call(ctx.random.pick(cluster.nodeIds), { type: 'put', key, value: 1 }), 'put_ok');
        await cluster.runFor(SETTLE_MS);
        cluster.resetStats();
        await cluster.runFor(IDLE_MS);
        const idle = cluster.stats();
        if (idle.serverMessages > 0) {
          cluster.fail(`with no request and no hint for ${IDLE_MS / 1000} s, the nodes sent ${idle.serverMessages} messages (${byType(idle.byType)}): ` +
            'a node with nothing to do sends nothing', { expected: 0, received: idle.serverMessages });
        }
      },
    },
    {
      id: 'messages-per-operation',
      title: `Puts and gets cost at most ${MAX_PER_OP} node-to-node messages per operation on average, without faults`,
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ network: NETWORK });
        await workload(ctx, cluster);
        const s = cluster.stats();
        if (s.messagesPerOp > MAX_PER_OP) {
          cluster.fail(`${s.serverMessages} node-to-node messages for ${s.clientRequests} operations: ${s.messagesPerOp.toFixed(2)} per operation, over ${MAX_PER_OP} ` +
            `(by type: ${byType(s.byType)}); one request and one answer per replica other than the coordinator make ${2 * (N - 1)} or ${2 * N}`,
          { expected: `at most ${MAX_PER_OP}`, received: Number(s.messagesPerOp.toFixed(2)) });
        }
      },
    },
  ],
});
