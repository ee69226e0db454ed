// Helpers shared by the stages of __LAB_ID__. TEMPLATE: a checks file that no stage names is shared code:
// helpers only, never a defineStage. Checks import nothing of the grader but src/grader/api.ts.
import { awaitConvergence, type Body, type ClientOp, type Cluster, type Random } from '../../../src/grader/api.js';

/** Fails unless `op` was answered with a body of type `type`. */
export function expectAnswered(cluster: Cluster, op: ClientOp, type: string): Body {
  if (op.status !== 'ok') cluster.fail(`${op.node} did not answer ${JSON.stringify(op.request)}: a node must answer a client at once`);
  if (op.reply!.type !== type) cluster.fail(`${op.node} answered ${op.request.type} with the wrong type`, { expected: { type }, received: op.reply });
  return op.reply!;
}

/** Writes `count` random values, each to a random node, one every `gapMs`; returns the largest. */
export async function writeSpread(cluster: Cluster, random: Random, count: number, gapMs: number): Promise<number> {
  let largest = 0;
  for (let i = 0; i < count; i++) {
    const value = random.int(1, 1_000);
    largest = Math.max(largest, value);
    expectAnswered(cluster, await cluster.call(random.pick([...cluster.nodeIds]), { type: 'write', value }), 'write_ok');
    await cluster.runFor(gapMs);
  }
  return largest;
}

/** Every node reads `largest` within `withinMs` of virtual time. */
export async function expectEveryNodeReads(cluster: Cluster, largest: number, withinMs: number): Promise<void> {
  cluster.note(`every node must read ${largest}, the largest value written`);
  await awaitConvergence(cluster, { read: { type: 'read' }, value: (reply) => reply.value, expected: largest, withinMs });
}
