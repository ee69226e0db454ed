// Stage 1: five nodes elect one leader, which keeps its leadership on a reliable network.
import { clusterOf, defineStage, expectDeterministic } from '../../../src/grader/api.js';
import { expectSafeTrace } from './invariants.js';
import { probeAll, waitForLeader } from './probe.js';
import { ELECTION_BOUND_MS, FIVE } from './shared.js';

/** How long the elected leader must then stay the only one, in the same term. */
const STABLE_MS = 3_000;
const SAMPLE_MS = 100;

export const stage = defineStage({
  id: 'election',
  checks: [
    {
      id: 'one-stable-leader',
      title: 'One leader within 3 s, every other node its follower, and no new election for 3 s after',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start(FIVE);
        const { leader, term } = await waitForLeader(cluster, { maxMs: ELECTION_BOUND_MS, why: 'of the start, on a reliable network' });
        cluster.note(`${leader} is leader in term ${term}: it must stay so`);
        await cluster.runFor(SAMPLE_MS * 3); // every follower has heard of it by now
        for (const end = cluster.now() + STABLE_MS; cluster.now() < end; await cluster.runFor(SAMPLE_MS)) {
          const states = await probeAll(cluster);
          for (const [node, s] of states) {
            const want = node === leader ? 'leader' : 'follower';
            if (s.role !== want || s.term !== term) {
              cluster.fail(`${node} is ${s.role} in term ${s.term}, but ${leader} leads term ${term} on a reliable network: ` +
                'a leader must send every follower append_entries often enough that no election timeout fires', { expected: `${want} in term ${term}`, received: s });
            }
          }
        }
        expectSafeTrace(cluster);
      },
    },
    {
      id: 'replays-exactly',
      title: 'The same seed gives the same run, event for event',
      async run(ctx) {
        await expectDeterministic(ctx, { cluster: FIVE, run: (cluster) => cluster.runFor(2_000) });
      },
    },
  ],
});
