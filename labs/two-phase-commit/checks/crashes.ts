// Stage 3: the grader crashes each node at each point of a transaction in turn (after each event it handled),
// restarts it later, and checks that the decision survived and every rule held throughout.
import { clusterOf, defineStage, type CheckContext, type ClusterOptions, type NodeId, type Scenario, type ScenarioStep } from '../../../src/grader/api.js';
import { COORDINATOR, NETWORK, NODES, PARTICIPANTS, expectSettledRun, stepsOf, txnOf, values, type Txn } from './shared.js';

/** How long a crashed node stays down: longer than the vote timeout, so a missing vote aborts. */
const DOWN_MS = 700;
/** The points tried per node and transaction: its first events (writes, prepare, votes, decision, asks). */
const MAX_POINTS = 10;
/** How long after the commit request the baseline run looks for points. */
const BASELINE_MS = 1_500;

const CLUSTER: ClusterOptions = { nodes: NODES, network: NETWORK };

/** The two transactions crashed at every point: one every participant accepts, one n4 refuses. */
function transactions(ctx: CheckContext): Txn[] {
  const value = values(ctx.random);
  return [txnOf('t1', PARTICIPANTS, value), txnOf('t2', PARTICIPANTS, value, ['n4'])];
}

/** The virtual times at which `node` handled an event (a delivery or a timer) in a run. */
function eventTimes(trace: readonly { t: number; kind: string; node?: NodeId; msg?: { dest: NodeId } }[], node: NodeId): number[] {
  const times = trace.filter((e) => (e.kind === 'deliver' && e.msg!.dest === node) || (e.kind === 'timer' && e.node === node)).map((e) => e.t);
  return [...new Set(times)].slice(0, MAX_POINTS);
}

async function crashEveryPoint(ctx: CheckContext, nodes: NodeId[]): Promise<void> {
  const lab = clusterOf(ctx);
  const options = { ...CLUSTER, seed: ctx.seed };
  for (const txn of transactions(ctx)) {
    const steps: ScenarioStep[] = stepsOf(txn, 0);
    const baseline = await lab.start(options);
    await baseline.play({ steps });
    await baseline.runFor(BASELINE_MS);
    for (const node of nodes) {
      for (const t of eventTimes(baseline.trace, node)) {
        const cluster = await lab.start(options);
        const scenario: Scenario = { steps: [...steps, { at: t + 1, kind: 'crash', node }, { at: t + 1 + DOWN_MS, kind: 'restart', node }] };
        cluster.note(`${txn.id}: ${node} will crash right after the event it handles at ${t} ms, and restart ${DOWN_MS} ms later`);
        await cluster.play(scenario);
        await expectSettledRun(cluster, [txn]);
      }
    }
  }
}

export const stage = defineStage({
  id: 'crashes',
  checks: [
    {
      id: 'coordinator-crashes',
      title: 'The coordinator crashed at each point of a commit and of an abort: the decision survives, atomicity holds',
      run: (ctx) => crashEveryPoint(ctx, [COORDINATOR]),
    },
    {
      id: 'participant-crashes',
      title: 'Each participant crashed at each point of a commit and of an abort: it keeps its promise and learns the outcome',
      run: (ctx) => crashEveryPoint(ctx, PARTICIPANTS),
    },
  ],
});
