// Stage 3: writes are committed in one order everywhere; a follower that was down catches up fast.
import { clusterOf, defineStage } from '../../../src/grader/api.js';
import { expectSafeTrace } from './invariants.js';
import { expectLinearizable, expectReply, runWorkload, submit } from './kv.js';
import { probeAll, waitForLeader } from './probe.js';
import { ELECTION_BOUND_MS, FIVE, without } from './shared.js';
import { KEYS, randomRequest } from './workload.js';

/** How long after the last write every node must have the leader's commit index. */
const REPLICATION_BOUND_MS = 500;
/** Writes a crashed follower misses in the catch-up check. */
const MISSED_WRITES = 60;
/** How long a restarted follower, missing MISSED_WRITES entries, may take to hold the leader's whole log. */
const CATCH_UP_BOUND_MS = 500;

export const stage = defineStage({
  id: 'agreement',
  checks: [
    {
      id: 'same-order-everywhere',
      title: 'Concurrent requests are committed on every node, and each new leader serves the same state',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start(FIVE);
        const first = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, why: 'of the start' });
        await runWorkload(cluster, {
          clients: ['c1', 'c2', 'c3'].map((id) => ({ id, requests: Array.from({ length: 12 }, () => randomRequest(ctx.random)) })),
        });
        for (const op of cluster.history) {
          if (op.status !== 'ok') cluster.fail(`${op.node} never answered ${JSON.stringify(op.request)} on a reliable network with a stable leader`, { at: op.invokedAt });
        }
        await cluster.runFor(REPLICATION_BOUND_MS);
        const states = await probeAll(cluster);
        const lead = states.get(first.leader)!;
        for (const [node, s] of states) {
          if (s.commit_index !== lead.commit_index || s.log_length !== lead.log_length) {
            cluster.fail(`${REPLICATION_BOUND_MS} ms after the last reply, ${node} has commit index ${s.commit_index} and ${s.log_length} entries; ` +
              `the leader ${first.leader} has ${lead.commit_index} and ${lead.log_length}`, { expected: lead, received: s });
          }
        }
        // Two successive leaders must serve the very state the first one built.
        let down = [first.leader];
        for (let round = 0; round < 2; round++) {
          cluster.crash(down[down.length - 1]);
          const next = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, among: without(cluster.nodeIds, ...down), why: `of ${down[down.length - 1]}'s crash` });
          for (const key of KEYS) await submit(cluster, { type: 'read', key }, 'c4');
          down = [...down, next.leader];
        }
        expectLinearizable(cluster);
        expectSafeTrace(cluster);
      },
    },
    {
      id: 'follower-catches-up',
      title: `A follower that missed ${MISSED_WRITES} entries, back under a new leader, has its whole log within ${CATCH_UP_BOUND_MS} ms`,
      async run(ctx) {
        const cluster = await clusterOf(ctx).start(FIVE);
        const first = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, why: 'of the start' });
        const behind = without(cluster.nodeIds, first.leader)[0];
        cluster.crash(behind);
        await runWorkload(cluster, {
          clients: ['c1', 'c2', 'c3'].map((id, c) => ({ id, requests: Array.from({ length: MISSED_WRITES / 3 }, (_, i) => ({ type: 'write', key: `k${c}`, value: i })) })),
        });
        const rest = without(cluster.nodeIds, first.leader, behind);
        cluster.partition([[first.leader], [...rest, behind]]);
        const second = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, among: rest, why: `of ${first.leader} being cut off` });
        expectReply(cluster, await submit(cluster, { type: 'write', key: 'k0', value: 100 }, 'c4', { firstNode: second.leader }), 'write_ok', `from the new leader ${second.leader}`);
        cluster.restart(behind);
        const restartedAt = cluster.now();
        cluster.note(`${behind} restarted ${MISSED_WRITES + 1} entries behind: it must catch up within ${CATCH_UP_BOUND_MS} ms`);
        for (;;) {
          const states = await probeAll(cluster, [second.leader, behind]);
          const lead = states.get(second.leader)!;
          const s = states.get(behind)!;
          if (s.log_length >= lead.log_length && s.commit_index >= lead.commit_index) break;
          if (cluster.now() - restartedAt > CATCH_UP_BOUND_MS) {
            cluster.fail(`${behind} still has ${s.log_length} entries (commit index ${s.commit_index}) ${CATCH_UP_BOUND_MS} ms after its restart; ` +
              `the leader ${second.leader} has ${lead.log_length} (commit index ${lead.commit_index}). A rejected append_entries must let the leader ` +
              'skip back over many entries at once (conflict_index), not one per round trip', { expected: lead, received: s });
          }
          await cluster.runFor(10);
        }
        expectSafeTrace(cluster);
      },
    },
  ],
});
