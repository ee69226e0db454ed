// Stage 4: crashes at any point; a vote survives a restart, and nothing committed is ever lost.
import { clusterOf, defineStage, type Body, type Cluster, type NodeId } from '../../../src/grader/api.js';
import { expectReply, finishRun, runWorkload } from './kv.js';
import { probeAll } from './probe.js';
import { FIVE, without } from './shared.js';
import { KEYS, exploreKv } from './workload.js';

/** The forged candidates' term is this far above the node's own, so no election of its own can reach it first. */
const TERM_AHEAD = 50;

/**
 * The grader plays a candidate (request_vote from a client id, naming another node as candidate_id) to one node
 * cut off from the others: it is granted, the node crashes the moment the grant reaches the grader and restarts,
 * and a second candidate of the same term must be refused.
 */
async function voteAcrossRestart(cluster: Cluster, node: NodeId): Promise<void> {
  cluster.partition([[node], without(cluster.nodeIds, node)]);
  const s = (await probeAll(cluster, [node])).get(node)!;
  const term = s.term + TERM_AHEAD;
  const ask = (candidate: NodeId): Body => ({ type: 'request_vote', term, candidate_id: candidate, last_log_index: s.log_length + 100, last_log_term: term });
  const [first, second] = without(cluster.nodeIds, node);
  const granted = await cluster.call(node, ask(first), { client: 'c1' });
  const yes = expectReply(cluster, granted, 'request_vote_ok', `to a request_vote of a higher term (${term}) from a candidate whose log is longer and newer`);
  if (yes.vote_granted !== true || yes.term !== term) {
    cluster.fail(`${node} refused its vote to ${first} in term ${term}, a term it had not voted in, for a candidate with a more up-to-date log`, { expected: { vote_granted: true, term }, received: yes });
  }
  cluster.crash(node);
  cluster.restart(node);
  cluster.note(`${node} restarted right after granting its vote in term ${term} to ${first}`);
  const again = await cluster.call(node, ask(second), { client: 'c1' });
  const no = expectReply(cluster, again, 'request_vote_ok', `to a request_vote of term ${term}`);
  if (no.vote_granted !== false) {
    cluster.fail(`${node} granted its vote in term ${term} to ${second} after granting it to ${first} in the same term before a crash: ` +
      'votedFor (and currentTerm) must be in storage before the vote is sent', { expected: { vote_granted: false }, received: no, at: again.completedAt });
  }
}

export const stage = defineStage({
  id: 'persistence',
  checks: [
    {
      id: 'vote-survives-restart',
      title: 'A node that granted its vote and crashed refuses a second candidate of that term',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start(FIVE);
        await cluster.runFor(ctx.random.int(0, 1_000));
        for (const node of cluster.nodeIds.slice(0, 2)) await voteAcrossRestart(cluster, node);
      },
    },
    {
      id: 'crashes-lose-nothing',
      title: 'Nodes crash and restart at random points under load: every acknowledged request survives, the history stays linearizable',
      run: (ctx) => exploreKv(ctx, {
        runs: 8, cluster: FIVE, clients: 3,
        shape: { minRequests: 15, maxRequests: 30, spanMs: 3_000, faults: { crash: true }, maxFaults: 4 },
        async run(cluster, workload) {
          await runWorkload(cluster, { ...workload, requestBudgetMs: 2_000 });
          await finishRun(cluster, KEYS);
        },
      }),
    },
  ],
});
