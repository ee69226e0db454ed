// Stage 7: a steady stream of writes to the leader, counted exactly: messages per write and commit latency.
import { clusterOf, defineStage, latencySummary, type ClientOp, type ClusterOptions } from '../../../src/grader/api.js';
import { waitForLeader } from './probe.js';
import { ELECTION_BOUND_MS } from './shared.js';

const CLUSTER: ClusterOptions = { nodes: 5, network: { latency: { kind: 'fixed', ms: 20 } } };
const WRITES = 200;
const EVERY_MS = 5;
export const MAX_MESSAGES_PER_WRITE = 4;
export const MAX_P50_MS = 100;
export const MAX_LATENCY_MS = 200;

export const stage = defineStage({
  id: 'efficiency',
  checks: [{
    id: 'messages-and-latency',
    title: `${WRITES} writes at one every ${EVERY_MS} ms: under ${MAX_MESSAGES_PER_WRITE} messages per write, median latency ≤ ${MAX_P50_MS} ms, max ≤ ${MAX_LATENCY_MS} ms`,
    async run(ctx) {
      const cluster = await clusterOf(ctx).start(CLUSTER);
      const { leader } = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, why: 'of the start' });
      await cluster.runFor(200);
      cluster.resetStats();
      const ops: ClientOp[] = [];
      for (let i = 0; i < WRITES; i++) {
        ops.push(cluster.invoke(leader, { type: 'write', key: `k${i % 10}`, value: i }, { client: 'c1' }));
        await cluster.runFor(EVERY_MS);
      }
      await cluster.runUntil(() => ops.every((op) => op.status !== 'pending'), { maxMs: 2_000 });
      const stats = cluster.stats();
      for (const op of ops) {
        if (op.status !== 'ok' || op.reply?.type !== 'write_ok') {
          cluster.fail(`the leader ${leader} did not answer write_ok to a write on a reliable network with no fault`, { received: op.reply ?? op.status, at: op.invokedAt });
        }
      }
      const perWrite = stats.serverMessages / WRITES;
      const latency = latencySummary(ops);
      const line = `${perWrite.toFixed(2)} messages per write (${JSON.stringify(stats.byType)}), latency median ${latency.p50} ms, max ${latency.max} ms`;
      ctx.note(line);
      if (perWrite >= MAX_MESSAGES_PER_WRITE) {
        cluster.fail(`${line}: at most ${MAX_MESSAGES_PER_WRITE} messages per write. Send each follower every new entry since its last ` +
          'append_entries in one message, with at most one in flight per follower, instead of a message per entry', { expected: `< ${MAX_MESSAGES_PER_WRITE}`, received: perWrite });
      }
      if (latency.p50 > MAX_P50_MS || latency.max > MAX_LATENCY_MS) {
        cluster.fail(`${line}: the median must be at most ${MAX_P50_MS} ms and the max at most ${MAX_LATENCY_MS} ms. Do not hold new entries back ` +
          'for a slow heartbeat: send them as soon as the follower has no append_entries in flight', { expected: `median ≤ ${MAX_P50_MS}, max ≤ ${MAX_LATENCY_MS}`, received: latency });
      }
    },
  }],
});
