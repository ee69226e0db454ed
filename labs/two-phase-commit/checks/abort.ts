// Stage 2: a no vote, or a vote that never comes, aborts the transaction everywhere.
import { clusterOf, defineStage } from '../../../src/grader/api.js';
import {
  ABORT_CODE, LEARN_MS, NETWORK, NODES, PARTICIPANTS, VOTE_TIMEOUT_MS, begin, expectReply, expectSettledRun, recorded, stepUntil, txnOf, values,
} from './shared.js';

/** How late after the vote timeout the client may get its abort (the timer, then one client hop). */
const ABORT_SLACK_MS = 50;

export const stage = defineStage({
  id: 'abort',
  checks: [
    {
      id: 'no-vote-aborts',
      title: 'A participant with nothing to commit votes no, and the transaction aborts on every participant',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: NODES, network: NETWORK });
        const value = values(ctx.random);
        const refused = txnOf('t1', PARTICIPANTS, value, ['n4']);
        const op = await begin(cluster, refused);
        await cluster.settle();
        const reply = expectReply(cluster, op, 'error');
        if (reply.code !== ABORT_CODE) cluster.fail(`n1 answered the aborted t1 with the wrong error code`, { expected: { type: 'error', code: ABORT_CODE }, received: reply });
        const next = txnOf('t2', PARTICIPANTS, value);
        const ok = await begin(cluster, next);
        await cluster.settle();
        expectReply(cluster, ok, 'commit_ok');
        await expectSettledRun(cluster, [refused, next]);
      },
    },
    {
      id: 'silent-participant-aborts',
      title: `A participant that never votes makes the coordinator abort ${VOTE_TIMEOUT_MS} ms after commit arrived`,
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ nodes: NODES, network: NETWORK });
        const txn = txnOf('t1', PARTICIPANTS, values(ctx.random));
        const ops = [];
        for (const silent of ['crash', 'partition'] as const) {
          const t = { ...txn, id: `t-${silent}`, writes: Object.fromEntries(Object.entries(txn.writes).map(([n, w]) => [n, Object.fromEntries(Object.entries(w).map(([k, v]) => [`${silent}-${k}`, v]))])) };
          for (const [node, writes] of Object.entries(t.writes)) {
            for (const [key, v] of Object.entries(writes)) expectReply(cluster, await cluster.call(node, { type: 'write', txn: t.id, key, value: v }), 'write_ok');
          }
          if (silent === 'crash') cluster.crash('n4'); else cluster.partition([['n1', 'n2', 'n3'], ['n4']]);
          cluster.note(silent === 'crash' ? 'n4 is down: its vote will never come' : 'n4 is cut off: its vote will never come');
          const op = cluster.invoke('n1', { type: 'commit', txn: t.id, participants: t.participants });
          await cluster.settle();
          const reply = expectReply(cluster, op, 'error');
          if (reply.code !== ABORT_CODE) cluster.fail('n1 answered the aborted commit with the wrong error code', { expected: { type: 'error', code: ABORT_CODE }, received: reply });
          const took = op.completedAt! - op.invokedAt;
          if (took < VOTE_TIMEOUT_MS || took > VOTE_TIMEOUT_MS + ABORT_SLACK_MS) {
            cluster.fail(`n1 answered the commit of ${t.id}, with one vote missing, ${took} ms after it was sent: the coordinator waits ${VOTE_TIMEOUT_MS} ms ` +
              `for the votes after commit arrives, and not longer than ${ABORT_SLACK_MS} ms beyond`, { expected: `${VOTE_TIMEOUT_MS}–${VOTE_TIMEOUT_MS + ABORT_SLACK_MS} ms`, received: `${took} ms`, at: op.completedAt });
          }
          ops.push(t);
          // The others learn the abort from n1 before n4 is back: n4 is never asked while it knows nothing.
          await stepUntil(cluster, () => recorded(cluster, t.id, ['n2', 'n3'], 'aborted'), LEARN_MS, `n2 and n3 recording ${t.id} aborted`);
          cluster.recover();
        }
        await expectSettledRun(cluster, ops);
      },
    },
  ],
});
