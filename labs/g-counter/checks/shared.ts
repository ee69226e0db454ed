// Helpers shared by the g-counter stages (not a stage itself).
import {
  exploreCluster, fc, scenarioArbitrary,
  type Body, type CheckContext, type ClientOp, type Cluster, type NetworkSpec, type NodeId, type Scenario, type ScenarioShape,
} from '../../../src/grader/api.js';

/** When the checks read every node after healing (ms after it); by the last round every node must read the final value. */
export const READ_ROUNDS_MS = [1_000, 3_000];
/** The client of the scenarios' requests, and the one that reads for the checks: two columns in a diagram. */
const WORKLOAD_CLIENT = 'c1';
const CHECKER_CLIENT = 'c2';
/** Beyond this many adds left without a reply, the set of acceptable final values is not enumerated. */
const MAX_UNKNOWN = 12;

/** Fails unless `op` was answered with a body of type `type`. */
export function expectAnswered(cluster: Cluster, op: ClientOp, type: string): Body {
  if (op.status !== 'ok') {
    cluster.fail(`${op.node} did not answer ${JSON.stringify(op.request)} within ${op.status === 'timeout' ? 'the request timeout' : 'the run'}: ` +
      'a node must answer a client at once, whatever the network does');
  }
  if (op.reply!.type !== type) cluster.fail(`${op.node} answered ${op.request.type} with the wrong type`, { expected: { type }, received: op.reply });
  return op.reply!;
}

/** The value of a read_ok, or a failure that says what came instead. */
export function readValue(cluster: Cluster, op: ClientOp): number {
  const reply = expectAnswered(cluster, op, 'read_ok');
  if (!Number.isInteger(reply.value)) cluster.fail(`${op.node}'s read_ok must carry "value", an integer`, { received: reply });
  return reply.value as number;
}

/** Adds of `deltas` and reads, one read for every two adds on average, over `nodes`, with the faults named. */
export function workload(nodes: readonly NodeId[], deltas: fc.Arbitrary<number>, shape: Omit<ScenarioShape, 'nodes' | 'requests'>): fc.Arbitrary<Scenario> {
  const requests = fc.oneof(
    { weight: 2, arbitrary: deltas.map((delta): Body => ({ type: 'add', delta })) },
    { weight: 1, arbitrary: fc.constant<Body>({ type: 'read' }) },
  );
  return scenarioArbitrary({ nodes, requests, ...shape })
    .map((s) => ({ steps: s.steps.map((step) => (step.kind === 'request' ? { ...step, client: WORKLOAD_CLIENT } : step)) }));
}

/** Positive deltas of the g-counter stages. */
export const increments = fc.integer({ min: 1, max: 10 });

/** One scenario drawn from `seed`: a fixed workload that replays exactly. */
export function sampleScenario(arbitrary: fc.Arbitrary<Scenario>, seed: number): Scenario {
  return fc.sample(arbitrary, { seed, numRuns: 1 })[0];
}

export interface ExploreCounterOptions {
  /** Scenarios to try. */
  runs: number;
  nodes: number;
  network: NetworkSpec;
  /** Add deltas; 1 to 10 by default. */
  deltas?: fc.Arbitrary<number>;
  minRequests: number;
  faults?: ScenarioShape['faults'];
  rules: RunRules;
}

/** Random scenarios of adds and reads over 3 s (up to 30 requests) on a fresh cluster each, every run checked. */
export function exploreCounter(ctx: CheckContext, options: ExploreCounterOptions): Promise<void> {
  const nodes = Array.from({ length: options.nodes }, (_, i) => `n${i + 1}`);
  return exploreCluster(ctx, {
    runs: options.runs,
    cluster: { nodes: options.nodes, network: options.network },
    scenarios: workload(nodes, options.deltas ?? increments, { minRequests: options.minRequests, maxRequests: 30, spanMs: 3_000, faults: options.faults }),
    run: async (cluster, scenario) => {
      await cluster.play(scenario);
      await expectCounterRun(cluster, options.rules);
    },
  });
}

export interface RunRules {
  /** Every add must be acknowledged (stages without crashes: a node answers at once). */
  everyAddAnswered: boolean;
  /** The reads-during-the-run rules of a grow-only counter (no negative delta). */
  growOnly: boolean;
}

/**
 * Checks a run after its scenario, then heals it and waits for convergence:
 * - grow-only: a read never exceeds the sum of the adds sent before its reply (nothing counted twice); it
 *   includes every add the same node acknowledged before the read was sent (persisted adds survive a crash);
 *   and on one node, between two crashes of it, a later read is never smaller than an earlier one;
 * - every node ends with the sum of the acknowledged adds, plus any of the adds that got no reply.
 */
export async function expectCounterRun(cluster: Cluster, rules: RunRules): Promise<void> {
  const adds = cluster.history.filter((op) => op.request.type === 'add');
  for (const op of adds) if (op.status === 'ok' || rules.everyAddAnswered) expectAnswered(cluster, op, 'add_ok');
  const reads = cluster.history.filter((op) => op.request.type === 'read' && op.status === 'ok');
  const values = new Map(reads.map((op) => [op, readValue(cluster, op)]));
  if (rules.growOnly) expectGrowOnlyReads(cluster, adds, reads, values);

  cluster.recover();
  const delta = (op: ClientOp) => op.request.delta as number;
  const acknowledged = adds.filter((op) => op.status === 'ok').reduce((sum, op) => sum + delta(op), 0);
  const unknown = adds.filter((op) => op.status !== 'ok').map(delta);
  const allowed = acceptable(acknowledged, unknown);
  cluster.note(`network healed${cluster.trace.some((e) => e.kind === 'crash') ? ', crashed nodes restarted' : ''}: every node must read ` +
    (allowed.length === 1 ? `${acknowledged}` : `the same value, ${acknowledged} plus any of the unanswered adds (${unknown.join(', ')})`));
  await awaitValue(cluster, allowed);
}

function expectGrowOnlyReads(cluster: Cluster, adds: ClientOp[], reads: ClientOp[], values: Map<ClientOp, number>): void {
  const crashes = cluster.trace.filter((e) => e.kind === 'crash').map((e) => ({ t: e.t, node: (e as { node: NodeId }).node }));
  for (const read of reads) {
    const value = values.get(read)!;
    const sent = adds.filter((a) => a.invokedAt <= read.completedAt!).reduce((sum, a) => sum + (a.request.delta as number), 0);
    if (value > sent) {
      cluster.fail(`${read.node} read ${value}, more than the ${sent} of every add sent so far: an add was counted twice`, { expected: `at most ${sent}`, received: value });
    }
    const own = adds.filter((a) => a.node === read.node && a.status === 'ok' && a.completedAt! <= read.invokedAt)
      .reduce((sum, a) => sum + (a.request.delta as number), 0);
    if (value < own) {
      cluster.fail(`${read.node} read ${value}, less than the ${own} it had itself acknowledged before this read: ` +
        'an acknowledged add must never be forgotten, not even across a crash', { expected: `at least ${own}`, received: value });
    }
  }
  for (const later of reads) {
    for (const earlier of reads) {
      if (earlier.node !== later.node || earlier.completedAt! > later.invokedAt) continue;
      if (crashes.some((c) => c.node === later.node && c.t >= earlier.invokedAt && c.t <= later.completedAt!)) continue;
      if (values.get(later)! < values.get(earlier)!) {
        cluster.fail(`${later.node} read ${values.get(later)} after reading ${values.get(earlier)}: with no crash of the node in between, ` +
          'a grow-only counter never goes backwards', { expected: `at least ${values.get(earlier)}`, received: values.get(later) });
      }
    }
  }
}

/** The acknowledged sum plus each subset of the unanswered deltas (an unanswered add may or may not count). */
function acceptable(acknowledged: number, unknown: number[]): number[] {
  if (unknown.length > MAX_UNKNOWN) return [];
  let sums = new Set([acknowledged]);
  for (const d of unknown) sums = new Set([...sums, ...[...sums].map((s) => s + d)]);
  return [...sums].sort((a, b) => a - b);
}

/** Reads every node in rounds until all agree on one allowed value (any agreed value when `allowed` is empty). */
async function awaitValue(cluster: Cluster, allowed: number[]): Promise<void> {
  const start = cluster.now();
  let last: Record<NodeId, unknown> = {};
  for (const after of READ_ROUNDS_MS) {
    await cluster.runFor(start + after - cluster.now());
    const ops = cluster.nodeIds.map((node) => cluster.invoke(node, { type: 'read' }, { client: CHECKER_CLIENT }));
    await cluster.settle();
    last = Object.fromEntries(ops.map((op) => [op.node, op.status === 'ok' ? op.reply!.value : '(no reply)']));
    const seen = new Set(Object.values(last).map((v) => JSON.stringify(v)));
    const only = last[ops[0].node];
    if (seen.size === 1 && Number.isInteger(only) && (allowed.length === 0 || allowed.includes(only as number))) return;
  }
  cluster.fail(`${READ_ROUNDS_MS.at(-1)! / 1000} s after the network healed, the nodes do not all read the final value`, {
    expected: allowed.length === 1 ? allowed[0] : allowed.length ? `one of ${allowed.join(', ')} on every node` : 'one value on every node',
    received: last,
  });
}
