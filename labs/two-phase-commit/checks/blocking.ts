// Stage 4: the coordinator decides, but no participant hears it: every yes-voter stays blocked, says so, and
// learns the decision by asking once the coordinator is reachable again.
import { clusterOf, defineStage, type CheckContext, type Cluster } from '../../../src/grader/api.js';
import {
  COORDINATOR, LEARN_MS, NETWORK, NODES, PARTICIPANTS, awaitDecided, begin, expectSafeTrace, expectSaysBlocked, expectSettledRun, recorded, stepUntil,
  txnOf, values, VOTE_TIMEOUT_MS, type Txn,
} from './shared.js';

/** How long the participants stay cut off from the coordinator's messages. */
export const BLOCKED_MS = 2_000;

/**
 * Runs `txn` until every participant in `cut` has recorded prepared (its yes vote is on its way), then cuts the
 * coordinator's messages to them: they can still ask, but hear nothing back.
 */
export async function cutAfterVotes(cluster: Cluster, txn: Txn, cut: string[]): Promise<void> {
  await begin(cluster, txn);
  await stepUntil(cluster, () => recorded(cluster, txn.id, txn.participants, 'prepared'), VOTE_TIMEOUT_MS, `every participant of ${txn.id} recording it prepared`);
  cluster.cut([COORDINATOR], cut);
  cluster.note(`every participant voted yes; from now on ${COORDINATOR}'s messages to ${cut.join(', ')} are lost`);
}

async function blocked(ctx: CheckContext): Promise<{ cluster: Cluster; txn: Txn }> {
  const cluster = await clusterOf(ctx).start({ nodes: NODES, network: NETWORK });
  const txn = txnOf('t1', PARTICIPANTS, values(ctx.random));
  await cutAfterVotes(cluster, txn, PARTICIPANTS);
  await cluster.runFor(BLOCKED_MS);
  return { cluster, txn };
}

export const stage = defineStage({
  id: 'blocking',
  checks: [
    {
      id: 'in-doubt-blocks',
      title: `A participant that voted yes and hears no decision for ${BLOCKED_MS / 1000} s decides nothing, and says it is blocked`,
      async run(ctx) {
        const { cluster, txn } = await blocked(ctx);
        expectSafeTrace(cluster); // deciding alone, either way, fails here
        await expectSaysBlocked(cluster, txn, PARTICIPANTS);
      },
    },
    {
      id: 'asks-coordinator',
      title: 'Once the coordinator is reachable again (after a restart of its own), the blocked participants learn its decision by asking',
      async run(ctx) {
        const { cluster, txn } = await blocked(ctx);
        // A restarted coordinator has only its log: the participants must come and ask.
        cluster.crash(COORDINATOR);
        await cluster.runFor(10);
        cluster.recover();
        cluster.note(`${COORDINATOR} restarted and the network healed: the participants must ask ${COORDINATOR} for the decision`);
        await awaitDecided(cluster, LEARN_MS, `${COORDINATOR} is reachable again`);
        await expectSettledRun(cluster, [txn]);
      },
    },
  ],
});

