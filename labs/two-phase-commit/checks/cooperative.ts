// Stage 5: the coordinator is gone for good; participants in doubt ask their peers (cooperative termination).
import { clusterOf, defineStage } from '../../../src/grader/api.js';
import {
  COORDINATOR, LEARN_MS, NETWORK, NODES, PARTICIPANTS, awaitDecided, begin, expectSafeTrace, expectSaysBlocked, expectSettledRun, recorded,
  stepUntil, txnOf, values, VOTE_TIMEOUT_MS,
} from './shared.js';
import { BLOCKED_MS, cutAfterVotes } from './blocking.js';

export const stage = defineStage({
  id: 'cooperative',
  checks: [
    {
      id: 'peer-tells-decision',
      title: 'When one participant heard the decision and the coordinator is down, the others learn it from that peer',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: NODES, network: NETWORK });
        const txn = txnOf('t1', PARTICIPANTS, values(ctx.random));
        await cutAfterVotes(cluster, txn, ['n3', 'n4']);
        await stepUntil(cluster, () => recorded(cluster, txn.id, ['n2'], 'committed'), VOTE_TIMEOUT_MS, 'n2 recording t1 committed');
        cluster.crash(COORDINATOR);
        cluster.note(`${COORDINATOR} is down for good; only n2 knows t1 committed`);
        await awaitDecided(cluster, LEARN_MS, `${COORDINATOR} crashed with n2 the only participant told`);
        await expectSettledRun(cluster, [txn]);
      },
    },
    {
      id: 'unvoted-peer-aborts',
      title: 'A participant asked by a peer before it voted aborts, and says so: the others in doubt abort too',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: NODES, network: NETWORK });
        const txn = txnOf('t1', PARTICIPANTS, values(ctx.random));
        cluster.cut([COORDINATOR], ['n4']);
        cluster.note(`${COORDINATOR}'s messages to n4 are lost: n4 will never get prepare`);
        await begin(cluster, txn);
        await stepUntil(cluster, () => recorded(cluster, txn.id, ['n2', 'n3'], 'prepared'), VOTE_TIMEOUT_MS, 'n2 and n3 recording t1 prepared');
        cluster.crash(COORDINATOR);
        cluster.note(`${COORDINATOR} is down for good before any decision; n4 has not voted`);
        await awaitDecided(cluster, LEARN_MS, `${COORDINATOR} crashed before deciding, with n4 not voted`);
        await expectSettledRun(cluster, [txn]);
      },
    },
    {
      id: 'all-in-doubt-stay-blocked',
      title: 'When every participant voted yes and none heard the decision, asking peers cannot help: all stay blocked',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: NODES, network: NETWORK });
        const txn = txnOf('t1', PARTICIPANTS, values(ctx.random));
        await cutAfterVotes(cluster, txn, PARTICIPANTS);
        cluster.crash(COORDINATOR);
        cluster.note(`${COORDINATOR} is down; every participant is in doubt`);
        await cluster.runFor(BLOCKED_MS);
        expectSafeTrace(cluster);
        await expectSaysBlocked(cluster, txn, PARTICIPANTS);
        await expectSettledRun(cluster, [txn]);
      },
    },
  ],
});
