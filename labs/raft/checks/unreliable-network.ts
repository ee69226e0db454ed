// Stage 5: the Figure 8 schedule, then random losses, duplicates, reordering, partitions and cuts.
import { clusterOf, defineStage, type Body, type ClusterOptions, type TraceEvent } from '../../../src/grader/api.js';
import { expectSafeTrace, StateMonitor } from './invariants.js';
import { expectLinearizable, expectReply, finishRun, runWorkload, submit } from './kv.js';
import { probeAll, waitForLeader } from './probe.js';
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
      id: 'deposed-leader-reads',
      title: 'A leader cut off and replaced never answers a read with a value the new leader has overwritten',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start(FIVE);
        const first = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, why: 'of the start' });
        expectReply(cluster, await submit(cluster, { type: 'write', key: 'x', value: 1 }, 'c1'), 'write_ok', 'on a healthy cluster');
        const rest = without(cluster.nodeIds, first.leader);
        cluster.partition([[first.leader], rest]);
        const second = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, among: rest, why: `of ${first.leader} being cut off` });
        expectReply(cluster, await submit(cluster, { type: 'write', key: 'x', value: 2 }, 'c2', { firstNode: second.leader }), 'write_ok', 'from the majority side');
        // A read invoked in the very millisecond the write's reply arrives overlaps it, and may linearize before it.
        await cluster.runFor(10);
        await cluster.call(first.leader, { type: 'read', key: 'x' }, { client: 'c3' });
        expectLinearizable(cluster);
      },
    },
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
      id: 'stale-append-entries',
      title: 'A delayed copy of an earlier append_entries shortens no log and lowers no commit index',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start(FIVE);
        const { leader, term } = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, why: 'of the start' });
        await runWorkload(cluster, {
          clients: ['c1', 'c2'].map((id, c) => ({ id, requests: Array.from({ length: 10 }, (_, i) => ({ type: 'write', key: `k${c}`, value: i })) })),
          firstNode: leader,
        });
        await cluster.runFor(300);
        const follower = without(cluster.nodeIds, leader)[ctx.random.int(0, 3)];
        const old = cluster.trace.find((e): e is Extract<TraceEvent, { kind: 'send' }> => e.kind === 'send' && e.msg.src === leader && e.msg.dest === follower &&
          e.msg.body.type === 'append_entries' && e.msg.body.term === term && Array.isArray(e.msg.body.entries) && e.msg.body.entries.length > 0);
        if (!old) return cluster.fail(`${leader} sent ${follower} no append_entries with entries in term ${term}, though 20 writes were committed`);
        const monitor = new StateMonitor(cluster);
        const before = (await probeAll(cluster, [follower])).get(follower)!;
        monitor.check(new Map([[follower, before]]));
        const { msg_id: _id, ...copy } = old.msg.body;
        cluster.note(`the grader delivers to ${follower} a copy of ${leader}'s append_entries of ${old.t} ms, as a late duplicate would arrive`);
        await cluster.call(follower, copy as Body, { client: 'c3' });
        const after = (await probeAll(cluster, [follower])).get(follower)!;
        if (after.log_length < before.log_length) {
          cluster.fail(`${follower}'s log went from ${before.log_length} to ${after.log_length} entries on an old append_entries that conflicts with nothing: ` +
            'remove entries only from the first one whose term differs', { expected: `at least ${before.log_length} entries`, received: after });
        }
        monitor.check(new Map([[follower, after]]));
        expectSafeTrace(cluster);
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
