// Stage 1: every participant votes yes, so every transaction commits, on a network that loses nothing.
import { clusterOf, defineStage, expectDeterministic, type ClusterOptions } from '../../../src/grader/api.js';
import { NETWORK, NODES, PARTICIPANTS, begin, expectReply, expectSettledRun, txnOf, values, type Txn } from './shared.js';

const CLUSTER: ClusterOptions = { nodes: NODES, network: NETWORK };

export const stage = defineStage({
  id: 'commit',
  checks: [
    {
      id: 'all-yes-commits',
      title: 'A transaction every participant can apply commits on all of them, and its writes become readable',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start(CLUSTER);
        const value = values(ctx.random);
        const txns: Txn[] = [
          txnOf('t1', PARTICIPANTS, value),
          txnOf('t2', ['n3'], value),
          txnOf('t3', ['n4', 'n2'], value),
        ];
        for (const txn of txns) {
          const op = await begin(cluster, txn);
          await cluster.settle();
          expectReply(cluster, op, 'commit_ok');
        }
        // Two at once: their votes and decisions interleave.
        const both = [txnOf('t4', PARTICIPANTS, value), txnOf('t5', ['n2', 'n3'], value)];
        const ops = [await begin(cluster, both[0]), await begin(cluster, both[1])];
        await cluster.settle();
        for (const op of ops) expectReply(cluster, op, 'commit_ok');
        await expectSettledRun(cluster, [...txns, ...both]);
      },
    },
    {
      id: 'replays-exactly',
      title: 'The same seed gives the same run, event for event',
      async run(ctx) {
        await expectDeterministic(ctx, {
          cluster: CLUSTER,
          run: async (cluster) => {
            let n = 0; // the same values in both runs
            const value = () => ++n;
            await begin(cluster, txnOf('t1', PARTICIPANTS, value));
            await begin(cluster, txnOf('t2', ['n2', 'n4'], value, ['n4']));
            await cluster.runFor(1_500);
          },
        });
      },
    },
  ],
});
