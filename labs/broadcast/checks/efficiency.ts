// The measured run of both efficiency stages (not a stage itself): 25 nodes, 100 ms links, no fault.
import { clusterOf, type CheckContext, type ClientOp, type NodeId } from '../../../src/grader/api.js';
import { expectAnswered, sendTopology } from './shared.js';

export const EFFICIENCY = {
  nodes: 25,
  linkLatencyMs: 100,
  broadcasts: 200,
  /** One broadcast every 20 ms: 50 a second, to a node picked at random. */
  broadcastEveryMs: 20,
  /** A round of reads, one to every node, every 10 ms. */
  pollEveryMs: 10,
  /** After the last broadcast, how long every value has to reach every node. */
  drainMs: 10_000,
} as const;

export interface Limits { messagesPerBroadcast: number; medianMs: number; maxMs: number }

interface Measurement { messagesPerBroadcast: number; medianMs: number; maxMs: number; latencies: number[] }

/** Runs the workload and fails unless every figure is strictly under its limit. */
export async function expectEfficiency(ctx: CheckContext, limits: Limits): Promise<void> {
  const m = await measure(ctx);
  const figures = `${m.messagesPerBroadcast.toFixed(2)} messages per broadcast, latency median ${m.medianMs} ms, max ${m.maxMs} ms`;
  ctx.note(`measured: ${figures}`);
  const over: string[] = [];
  if (!(m.messagesPerBroadcast < limits.messagesPerBroadcast)) over.push(`messages per broadcast ${m.messagesPerBroadcast.toFixed(2)} (must be under ${limits.messagesPerBroadcast})`);
  if (!(m.medianMs < limits.medianMs)) over.push(`median latency ${m.medianMs} ms (must be under ${limits.medianMs} ms)`);
  if (!(m.maxMs < limits.maxMs)) over.push(`max latency ${m.maxMs} ms (must be under ${limits.maxMs} ms)`);
  if (over.length) {
    ctx.fail(`too costly: ${over.join('; ')}`, {
      expected: { messagesPerBroadcast: `< ${limits.messagesPerBroadcast}`, medianMs: `< ${limits.medianMs}`, maxMs: `< ${limits.maxMs}` },
      received: { messagesPerBroadcast: Number(m.messagesPerBroadcast.toFixed(2)), medianMs: m.medianMs, maxMs: m.maxMs },
    });
  }
}

/**
 * Broadcasts at a steady rate while reading every node every 10 ms. A value's latency runs from the moment its
 * broadcast is sent to the send time of the first round of reads in which every node lists it; messages are
 * node-to-node sends from the start of the run to that moment for the last value.
 */
async function measure(ctx: CheckContext): Promise<Measurement> {
  const cluster = await clusterOf(ctx).start({ nodes: EFFICIENCY.nodes, network: { latency: { kind: 'fixed', ms: EFFICIENCY.linkLatencyMs } } });
  await sendTopology(cluster);
  const servers = new Set<NodeId>(cluster.nodeIds);
  const sentAt = new Map<number, number>();
  const seenBy = new Map<number, Set<NodeId>>();
  const visibleAt = new Map<number, number>();
  const broadcasts: ClientOp[] = [];
  let polls: { at: number; ops: ClientOp[] } | undefined;
  const lastBroadcastAt = cluster.now() + (EFFICIENCY.broadcasts - 1) * EFFICIENCY.broadcastEveryMs;
  const ticksPerBroadcast = EFFICIENCY.broadcastEveryMs / EFFICIENCY.pollEveryMs;

  for (let tick = 0; ; tick++) {
    if (polls) collect(polls.at, polls.ops);
    if (visibleAt.size === EFFICIENCY.broadcasts) break;
    if (cluster.now() > lastBroadcastAt + EFFICIENCY.drainMs) break;
    if (tick % ticksPerBroadcast === 0 && broadcasts.length < EFFICIENCY.broadcasts) {
      const value = broadcasts.length + 1;
      sentAt.set(value, cluster.now());
      seenBy.set(value, new Set());
      broadcasts.push(cluster.invoke(cluster.nodeIds[ctx.random.int(0, EFFICIENCY.nodes - 1)], { type: 'broadcast', message: value }));
    }
    polls = { at: cluster.now(), ops: cluster.nodeIds.map((node) => cluster.invoke(node, { type: 'read' })) };
    await cluster.runFor(EFFICIENCY.pollEveryMs);
  }

  for (const op of broadcasts) expectAnswered(cluster, op, 'broadcast_ok');
  if (visibleAt.size < EFFICIENCY.broadcasts) {
    const missing = [...sentAt.keys()].filter((v) => !visibleAt.has(v));
    const example = missing[0];
    const lacking = cluster.nodeIds.filter((n) => !seenBy.get(example)!.has(n));
    ctx.fail(`${missing.length} of ${EFFICIENCY.broadcasts} values were not on every node ${EFFICIENCY.drainMs} ms after the last broadcast ` +
      `(value ${example} is missing on ${lacking.join(', ')})`);
  }
  const end = Math.max(...visibleAt.values());
  const messages = cluster.trace.filter((e) => e.kind === 'send' && e.t <= end && servers.has(e.msg.src) && servers.has(e.msg.dest)).length;
  const latencies = [...visibleAt.entries()].map(([value, at]) => at - sentAt.get(value)!).sort((a, b) => a - b);
  return {
    messagesPerBroadcast: messages / EFFICIENCY.broadcasts,
    medianMs: latencies[Math.ceil(latencies.length / 2) - 1],
    maxMs: latencies[latencies.length - 1],
    latencies,
  };

  function collect(at: number, ops: ClientOp[]): void {
    for (const op of ops) {
      const reply = expectAnswered(cluster, op, 'read_ok');
      if (!Array.isArray(reply.messages)) cluster.fail('read_ok must carry "messages", a list of integers', { received: reply });
      for (const value of reply.messages as number[]) {
        const nodes = seenBy.get(value);
        if (!nodes || visibleAt.has(value)) continue;
        nodes.add(op.node);
        if (nodes.size === EFFICIENCY.nodes) visibleAt.set(value, at);
      }
    }
  }
}
