import type { Body, Cluster, NodeId } from './types.js';

export interface ConvergenceOptions {
  /** The request that reads a node's state, e.g. `{ type: 'read' }`. */
  read: Body;
  /** What to compare from a reply (JSON-compared), e.g. `(r) => [...(r.messages as number[])].sort((a, b) => a - b)`. */
  value(reply: Body): unknown;
  /** The value every node must reach; when absent, the nodes only have to agree. */
  expected?: unknown;
  /** Give up after this many virtual ms; 10,000 by default. */
  withinMs?: number;
  /** Virtual ms between two rounds of reads; 250 by default. */
  everyMs?: number;
  /** The nodes that must converge; every node by default. */
  nodes?: readonly NodeId[];
}

/**
 * Reads every node in rounds (probes: not in the history or the counts) until all give the same value (and `expected`, when given), and returns the
 * virtual time it took; fails with each node's last value otherwise. Call it after healing the network.
 */
export async function awaitConvergence(cluster: Cluster, options: ConvergenceOptions): Promise<{ afterMs: number; value: unknown }> {
  const nodes = options.nodes ?? cluster.nodeIds;
  const start = cluster.now();
  const withinMs = options.withinMs ?? 10_000;
  const want = options.expected === undefined ? undefined : JSON.stringify(options.expected);
  let last: Record<string, unknown> = {};
  for (;;) {
    const ops = nodes.map((node) => cluster.invoke(node, { ...options.read }, { probe: true }));
    await cluster.settle();
    last = {};
    for (const op of ops) last[op.node] = op.status === 'ok' ? options.value(op.reply!) : `(no reply within ${op.status === 'timeout' ? 'the timeout' : 'the run'})`;
    const seen = new Set(ops.map((op) => (op.status === 'ok' ? JSON.stringify(last[op.node]) : `?${op.node}`)));
    const [only] = seen;
    if (seen.size === 1 && (want === undefined || only === want)) return { afterMs: cluster.now() - start, value: last[nodes[0]] };
    if (cluster.now() - start >= withinMs) break;
    await cluster.runFor(options.everyMs ?? 250);
  }
  cluster.fail(`the nodes did not converge within ${withinMs} ms of virtual time ` +
    (want === undefined ? '(they still disagree)' : '(not every node reads the expected value)'),
  { ...(want === undefined ? {} : { expected: options.expected }), received: last });
}
