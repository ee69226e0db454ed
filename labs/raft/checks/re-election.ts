// Stage 2: the leader crashes or is cut off; the rest elect a new one, the old one steps down, a minority never elects.
import { clusterOf, defineStage } from '../../../src/grader/api.js';
import { expectSafeTrace } from './invariants.js';
import { probeAll, waitForLeader } from './probe.js';
import { ELECTION_BOUND_MS, FIVE, STEP_DOWN_BOUND_MS, without } from './shared.js';

/** How long a minority is watched for an election it must not win. */
const MINORITY_MS = 3_000;
const SAMPLE_MS = 50;

export const stage = defineStage({
  id: 're-election',
  checks: [
    {
      id: 'leader-crash',
      title: 'After the leader crashes, the others elect a new leader in a higher term within 3 s',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start(FIVE);
        const first = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, why: 'of the start' });
        cluster.crash(first.leader);
        const second = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, among: without(cluster.nodeIds, first.leader), why: `of ${first.leader}'s crash` });
        if (second.term <= first.term) cluster.fail(`${second.leader} leads term ${second.term}, not above the crashed leader's term ${first.term}`);
        cluster.restart(first.leader);
        await cluster.runFor(STEP_DOWN_BOUND_MS);
        const s = (await probeAll(cluster, [first.leader])).get(first.leader)!;
        if (s.role !== 'follower' || s.term < second.term) {
          cluster.fail(`${first.leader}, restarted ${STEP_DOWN_BOUND_MS} ms ago, is ${s.role} in term ${s.term}: it should follow ${second.leader} (term ${second.term})`, { received: s });
        }
        expectSafeTrace(cluster);
      },
    },
    {
      id: 'deposed-leader-steps-down',
      title: 'A leader cut off from the rest is replaced; once it can hear them again it steps down within 1 s',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start(FIVE);
        const first = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, why: 'of the start' });
        const rest = without(cluster.nodeIds, first.leader);
        cluster.partition([[first.leader], rest]);
        const second = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, among: rest, why: `of ${first.leader} being cut off from them` });
        cluster.heal();
        cluster.note(`network healed: ${first.leader} must step down`);
        await cluster.runFor(STEP_DOWN_BOUND_MS);
        const states = await probeAll(cluster);
        const old = states.get(first.leader)!;
        if (old.role === 'leader' || old.term <= first.term) {
          cluster.fail(`${first.leader} is still ${old.role} in term ${old.term} ${STEP_DOWN_BOUND_MS} ms after the partition healed, ` +
            `though ${second.leader} was elected in term ${second.term}: a node that sees a higher term in any message becomes a follower of that term`, { received: old });
        }
        const leaders = [...states].filter(([, s]) => s.role === 'leader');
        if (leaders.length !== 1) cluster.fail(`${leaders.length} nodes report role leader after the heal; expected exactly one`, { received: Object.fromEntries(states) });
        expectSafeTrace(cluster);
      },
    },
    {
      id: 'no-leader-without-majority',
      title: 'With three of five nodes down, the two left never elect a leader; with them back, a leader within 3 s',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start(FIVE);
        const first = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, why: 'of the start' });
        const down = [first.leader, ...without(cluster.nodeIds, first.leader).slice(0, 2)];
        for (const node of down) cluster.crash(node);
        const crashedAt = cluster.now();
        cluster.note(`only ${without(cluster.nodeIds, ...down).join(', ')} are up: no majority, no leader`);
        for (const end = crashedAt + MINORITY_MS; cluster.now() < end; await cluster.runFor(SAMPLE_MS)) {
          for (const [node, s] of await probeAll(cluster)) {
            if (s.role === 'leader') cluster.fail(`${node} became leader in term ${s.term} with only 2 of 5 nodes up: a leader needs the votes of a majority (3 of 5)`, { received: s });
          }
        }
        const sent = cluster.trace.find((e) => e.kind === 'send' && e.t > crashedAt && e.t < cluster.now() && e.fate !== 'crashed' && e.msg.body.type === 'append_entries' && /^n/.test(e.msg.src));
        if (sent && sent.kind === 'send') cluster.fail(`${sent.msg.src} sent append_entries with only 2 of 5 nodes up: only a leader sends them, and no leader can be elected`, { at: sent.t });
        for (const node of down) cluster.restart(node);
        await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, why: 'of the three crashed nodes restarting' });
        expectSafeTrace(cluster);
      },
    },
  ],
});
