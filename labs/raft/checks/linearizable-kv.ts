// Stage 6: the key-value store is linearizable under faults, and a retried request is applied once.
import { clusterOf, defineStage, type ClusterOptions } from '../../../src/grader/api.js';
import { expectReply, finishRun, runWorkload, submit } from './kv.js';
import { waitForLeader } from './probe.js';
import { ELECTION_BOUND_MS, FIVE } from './shared.js';
import { KEYS, exploreKv } from './workload.js';

const FAULTY: ClusterOptions = {
  nodes: 5,
  network: { latency: { kind: 'uniform', minMs: 10, maxMs: 40 }, loss: 0.05 },
};

export const stage = defineStage({
  id: 'linearizable-kv',
  checks: [
    {
      id: 'retried-request-applied-once',
      title: 'A write or cas sent again with the same request_id is answered as the first time and not applied again, across a leader change',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start(FIVE);
        await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, why: 'of the start' });
        const id = (n: number) => `r${ctx.seed % 1000}-${n}`;
        expectReply(cluster, await submit(cluster, { type: 'write', key: 'x', value: 1, request_id: id(1) }, 'c1'), 'write_ok', '');
        expectReply(cluster, await submit(cluster, { type: 'write', key: 'x', value: 2, request_id: id(2) }, 'c2'), 'write_ok', '');
        expectReply(cluster, await submit(cluster, { type: 'write', key: 'x', value: 1, request_id: id(1) }, 'c1'), 'write_ok', 'to a retry: the first reply again');
        let read = expectReply(cluster, await submit(cluster, { type: 'read', key: 'x' }, 'c3'), 'read_ok', '');
        if (read.value !== 2) cluster.fail(`x reads ${JSON.stringify(read.value)} after c1's write of 1 was retried with its request_id: a retry must not be applied again`, { expected: 2, received: read.value });
        expectReply(cluster, await submit(cluster, { type: 'cas', key: 'x', from: 2, to: 3, request_id: id(3) }, 'c1'), 'cas_ok', '');
        const leader = (await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, why: '' })).leader;
        cluster.crash(leader);
        cluster.note(`${leader} crashed: its successor must remember request ${id(3)}`);
        const retry = await submit(cluster, { type: 'cas', key: 'x', from: 2, to: 3, request_id: id(3) }, 'c1', { budgetMs: 5_000 });
        expectReply(cluster, retry, 'cas_ok', `to a retry of request ${id(3)} (the cas succeeded the first time): request ids belong in the replicated state machine`);
        read = expectReply(cluster, await submit(cluster, { type: 'read', key: 'x' }, 'c3'), 'read_ok', '');
        if (read.value !== 3) cluster.fail(`x reads ${JSON.stringify(read.value)}, expected 3`, { expected: 3, received: read.value });
      },
    },
    {
      id: 'random-clients',
      title: 'Four concurrent clients, random reads, writes and cas over three keys, with partitions, crashes and loss: linearizable',
      run: (ctx) => exploreKv(ctx, {
        runs: 8, cluster: FAULTY, clients: 4,
        shape: { minRequests: 20, maxRequests: 40, spanMs: 3_000, faults: { partition: true, crash: true }, maxFaults: 3 },
        async run(cluster, workload) {
          await runWorkload(cluster, { ...workload, requestBudgetMs: 2_000 });
          await finishRun(cluster, KEYS);
        },
      }),
    },
  ],
});
