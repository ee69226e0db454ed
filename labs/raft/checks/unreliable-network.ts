// Stage 5: the Figure 8 schedule, then random losses, duplicates, reordering, partitions and cuts.
import { clusterOf, defineStage, type ClusterOptions } from '../../../src/grader/api.js';
import { expectSafeTrace, StateMonitor } from './invariants.js';
import { finishRun, runWorkload, submit } from './kv.js';
import { waitForLeader } from './probe.js';
import { ELECTION_BOUND_MS, FIVE, without } from './shared.js';
import { KEYS, exploreKv } from './workload.js';

/** A client of Figure 8 waits this long: its request may be committed (or not) much later. */
const LONG_MS = 30_000;

const LOSSY: ClusterOptions = {
  nodes: 5,
  network: { latency: { kind: 'uniform', minMs: 10, maxMs: 60 }, loss: 0.1, duplicate: 0.1 },
};

export const stage = defineStage({
  id: 'unreliable-network',
  checks: [
    {
      id: 'figure-8',
      title: 'Figure 8: a leader never commits an older term\'s entry by counting its replicas',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start(FIVE);
        const all = cluster.nodeIds;
        const l1 = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, why: 'of the start' });
        const f = without(all, l1.leader)[0];
        const others = without(all, l1.leader, f);
        // (a) the leader and one follower alone: an entry of its term reaches two nodes only.
        cluster.partition([[l1.leader, f], others]);
        cluster.invoke(l1.leader, { type: 'write', key: 'a', value: 1 }, { client: 'c1', timeoutMs: LONG_MS });
        await cluster.runFor(100);
        // (b) the other three elect a leader, which takes an entry of its own term and is cut off at once.
        const l2 = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, among: others, why: `of ${l1.leader} and ${f} being cut off` });
        const [x, y] = without(others, l2.leader);
        cluster.partition([[l1.leader, f], [l2.leader], [x, y]]);
        cluster.invoke(l2.leader, { type: 'write', key: 'b', value: 2 }, { client: 'c2', timeoutMs: LONG_MS });
        await cluster.runFor(50);
        cluster.crash(l2.leader);
        // (c) the first pair rejoin the two: one of the pair leads and copies the old entry to a majority.
        cluster.heal();
        const l3 = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, among: [l1.leader, f, x, y], why: `of ${l2.leader}'s crash` });
        cluster.note(`${l3.leader} (term ${l3.term}) holds an entry of an older term on a majority: it must not count it committed`);
        await cluster.runFor(300);
        // (d) that leader crashes; the node with the newer-term entry comes back where only it can win.
        const other = without([l1.leader, f], l3.leader)[0];
        cluster.crash(l3.leader);
        cluster.partition([[l2.leader, x, y], [other]]);
        cluster.restart(l2.leader);
        const l4 = await waitForLeader(cluster, { maxMs: 2 * ELECTION_BOUND_MS, among: [l2.leader, x, y], why: `of ${l2.leader}'s restart` });
        cluster.note(`${l4.leader} leads term ${l4.term}`);
        await submit(cluster, { type: 'write', key: 'c', value: 3 }, 'c3', { firstNode: l4.leader });
        await cluster.runFor(300);
        expectSafeTrace(cluster);
        await finishRun(cluster, ['a', 'b', 'c']);
      },
    },
    {
      id: 'random-faults',
      title: 'Random losses, duplicates, reordering, partitions and one-way cuts: every safety property holds, and it recovers',
      run: (ctx) => exploreKv(ctx, {
        runs: 8, cluster: LOSSY, clients: 3,
        shape: { minRequests: 15, maxRequests: 30, spanMs: 3_000, faults: { partition: true, cut: true, crash: true }, maxFaults: 4 },
        async run(cluster, workload) {
          const monitor = new StateMonitor(cluster);
          await runWorkload(cluster, { ...workload, requestBudgetMs: 2_000, sampleEveryMs: 20 }, monitor);
          await finishRun(cluster, KEYS, monitor);
        },
      }),
    },
  ],
});
