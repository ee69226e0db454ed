// Helpers shared by the broadcast stages (not a stage itself).
import {
  fc, scenarioArbitrary,
  type Body, type ClientOp, type Cluster, type NetworkSpec, type NodeId, type Scenario, type ScenarioShape,
} from '../../../src/grader/api.js';

/** When the checks read every node after the network heals (ms after healing); by the last, every value must be everywhere. */
export const READ_ROUNDS_MS = [1_000, 3_000];
/** On links that stay lossy, retries need longer. */
export const LOSSY_READ_ROUNDS_MS = [1_000, 3_000, 10_000];
/** The client of the scenarios' requests, and the one that reads for the checks: two columns in a diagram. */
export const WORKLOAD_CLIENT = 'c1';
const CHECKER_CLIENT = 'c2';

/** Node-to-node latency of the stages with five nodes: different delays on one link reorder it. */
export const FIVE_NODE_LATENCY: NetworkSpec['latency'] = { kind: 'uniform', minMs: 10, maxMs: 50 };

/** A read reply's values in increasing order (for comparing sets). */
export const sortedValues = (reply: Body): number[] => [...(reply.messages as number[])].sort((a, b) => a - b);

/** Fails unless `op` was answered with a body of type `type`. */
export function expectAnswered(cluster: Cluster, op: ClientOp, type: string): Body {
  if (op.status !== 'ok') {
    cluster.fail(`${op.node} did not answer ${JSON.stringify(op.request)} within ${op.status === 'timeout' ? 'the request timeout' : 'the run'}: ` +
      'a node must answer a client at once, whatever the network does');
  }
  if (op.reply!.type !== type) cluster.fail(`${op.node} answered ${op.request.type} with the wrong type`, { expected: { type }, received: op.reply });
  return op.reply!;
}

/**
 * Maelstrom's default topology: the nodes on a square grid, each a neighbour of the nodes above, below, left
 * and right of it. Sent to every node before any broadcast; a node may ignore it but must answer topology_ok.
 */
export function gridTopology(nodes: readonly NodeId[]): Record<NodeId, NodeId[]> {
  const side = Math.ceil(Math.sqrt(nodes.length));
  const at = (row: number, col: number) => (row >= 0 && col >= 0 && col < side ? nodes[row * side + col] : undefined);
  const topology: Record<NodeId, NodeId[]> = {};
  nodes.forEach((node, i) => {
    const row = Math.floor(i / side);
    const col = i % side;
    topology[node] = [at(row - 1, col), at(row + 1, col), at(row, col - 1), at(row, col + 1)].filter((n): n is NodeId => n !== undefined);
  });
  return topology;
}

/** Sends every node the grid topology and waits for every topology_ok. */
export async function sendTopology(cluster: Cluster): Promise<void> {
  const topology = gridTopology(cluster.nodeIds);
  const ops = cluster.nodeIds.map((node) => cluster.invoke(node, { type: 'topology', topology }, { client: WORKLOAD_CLIENT }));
  await cluster.settle();
  for (const op of ops) expectAnswered(cluster, op, 'topology_ok');
}

/** Random broadcasts and reads over `nodes`, with the faults named; broadcast values are made unique later. */
export function workload(nodes: readonly NodeId[], shape: Omit<ScenarioShape, 'nodes' | 'requests'>): fc.Arbitrary<Scenario> {
  const requests = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Body>({ type: 'broadcast', message: 0 }) },
    { weight: 1, arbitrary: fc.constant<Body>({ type: 'read' }) },
  );
  return scenarioArbitrary({ nodes, requests, ...shape }).map(numberBroadcasts);
}

/** Gives the scenario's broadcasts the values 1, 2, 3 … in time order (values are unique, as in Maelstrom), all from one client. */
function numberBroadcasts(scenario: Scenario): Scenario {
  let next = 1;
  return {
    steps: scenario.steps.map((s) => {
      if (s.kind !== 'request') return s;
      return { ...s, client: WORKLOAD_CLIENT, body: s.body.type === 'broadcast' ? { type: 'broadcast', message: next++ } : s.body };
    }),
  };
}

/** One scenario drawn from `seed`: a fixed workload that replays exactly. */
export function sampleScenario(arbitrary: fc.Arbitrary<Scenario>, seed: number): Scenario {
  return fc.sample(arbitrary, { seed, numRuns: 1 })[0];
}

/**
 * The checks of every run after its workload: each broadcast acknowledged, each read listing each value at most
 * once and only values whose broadcast was already sent, then (after healing) every value on every node.
 */
export async function expectEveryValueEverywhere(cluster: Cluster, rounds: readonly number[] = READ_ROUNDS_MS): Promise<void> {
  const broadcasts = cluster.history.filter((op) => op.request.type === 'broadcast');
  for (const op of broadcasts) expectAnswered(cluster, op, 'broadcast_ok');
  for (const op of cluster.history.filter((o) => o.request.type === 'read' && o.status === 'ok')) expectValidRead(cluster, op, broadcasts);
  cluster.recover();
  const values = broadcasts.map((op) => op.request.message as number).sort((a, b) => a - b);
  cluster.note(`network healed: every node must read ${values.length} value${values.length === 1 ? '' : 's'}`);
  const start = cluster.now();
  let last: Record<NodeId, unknown> = {};
  for (const after of rounds) {
    await cluster.runFor(start + after - cluster.now());
    const ops = cluster.nodeIds.map((node) => cluster.invoke(node, { type: 'read' }, { client: CHECKER_CLIENT }));
    await cluster.settle();
    last = Object.fromEntries(ops.map((op) => [op.node, op.status === 'ok' ? readValue(op.reply!) : '(no reply)']));
    if (Object.values(last).every((v) => JSON.stringify(v) === JSON.stringify(values))) return;
  }
  cluster.fail(`${rounds.at(-1)! / 1000} s after the network healed, not every node reads every value (sorted below)`, { expected: values, received: last });
}

/** A reply's values, sorted, or a description of why they are not a list of unique integers. */
function readValue(reply: Body): unknown {
  const messages = reply.messages;
  if (reply.type !== 'read_ok' || !Array.isArray(messages)) return `not read_ok {messages: […]}: ${JSON.stringify(reply)}`;
  return sortedValues(reply);
}

/** A read lists integers, each at most once, all of them broadcast before the read was answered. */
export function expectValidRead(cluster: Cluster, read: ClientOp, broadcasts: readonly ClientOp[]): void {
  const reply = expectAnswered(cluster, read, 'read_ok');
  const messages = reply.messages;
  if (!Array.isArray(messages) || messages.some((v) => !Number.isInteger(v))) {
    cluster.fail(`${read.node}'s read_ok must carry "messages", a list of integers`, { received: reply });
  }
  const values = messages as number[];
  const twice = values.find((v, i) => values.indexOf(v) !== i);
  if (twice !== undefined) cluster.fail(`${read.node}'s read lists ${twice} twice: each value must appear once however often it arrived`, { received: values });
  const sent = new Set(broadcasts.filter((b) => b.invokedAt <= read.completedAt!).map((b) => b.request.message as number));
  const invented = values.find((v) => !sent.has(v));
  if (invented !== undefined) cluster.fail(`${read.node}'s read lists ${invented}, which no client had broadcast yet`, { received: values });
}
