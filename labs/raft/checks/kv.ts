// The grader's key-value clients: find the leader by trying nodes, run concurrent workloads with faults, and
// check the history with the linearizability checker (not a stage itself).
import {
  checkLinearizable, describeOp,
  type Body, type ClientOp, type Cluster, type Fault, type KvOperation, type NodeId,
} from '../../../src/grader/api.js';
import { probeAll, type RaftState } from './probe.js';
import { StateMonitor, expectSafeTrace } from './invariants.js';

/** After a refusal (error 11) a client waits this long before it tries the next node. */
export const RETRY_AFTER_MS = 20;
const NOT_LEADER = 11;

const isRefusal = (op: ClientOp) => op.status === 'ok' && op.reply?.type === 'error' && op.reply.code === NOT_LEADER;

/** One client's request, sent to node after node until one answers other than error 11 (or time runs out). */
class Attempt {
  op: ClientOp;
  retryAt: number | undefined;
  constructor(private readonly cluster: Cluster, readonly client: NodeId, readonly body: Body, private node: number, readonly deadline: number) {
    this.op = cluster.invoke(cluster.nodeIds[node], body, { client });
  }
  /** True once it has its final answer (or timeout); else it sends its next try when due. */
  step(): boolean {
    const now = this.cluster.now();
    if (this.retryAt !== undefined) {
      if (now < this.retryAt) return false;
      this.retryAt = undefined;
      this.node = (this.node + 1) % this.cluster.nodeIds.length;
      this.op = this.cluster.invoke(this.cluster.nodeIds[this.node], this.body, { client: this.client });
      return false;
    }
    if (this.op.status === 'pending') return false;
    // A refusal, or no answer at all (a leader cut off from the rest), sends the request to the next node.
    if (!(isRefusal(this.op) || this.op.status === 'timeout') || now + RETRY_AFTER_MS >= this.deadline) return true;
    this.retryAt = now + RETRY_AFTER_MS;
    return false;
  }
  get leaderHint(): number { return this.node; }
}

export interface WorkloadOptions {
  /** Each client's requests, sent one after another. */
  clients: { id: NodeId; requests: Body[] }[];
  /** Faults at virtual ms after the start. */
  faults?: { at: number; fault: Fault }[];
  /** When set, every running node's raft_state is checked this often (StateMonitor). */
  sampleEveryMs?: number;
  /** A request is given up (its last try stays as it is) this long after it was first sent. */
  requestBudgetMs?: number;
  /** The node each client tries first (n1 by default); later ones go to the node that last answered. */
  firstNode?: NodeId;
}

/** Runs concurrent clients (each sends its next request when the last is answered) with faults in between. */
export async function runWorkload(cluster: Cluster, options: WorkloadOptions, monitor = new StateMonitor(cluster)): Promise<void> {
  const start = cluster.now();
  const faults = [...(options.faults ?? [])].sort((a, b) => a.at - b.at);
  const budget = options.requestBudgetMs ?? 3_000;
  const queues = options.clients.map((c) => ({ id: c.id, left: [...c.requests], current: undefined as Attempt | undefined }));
  let hint = Math.max(0, cluster.nodeIds.indexOf(options.firstNode ?? cluster.nodeIds[0]));
  const next = (q: (typeof queues)[number]) => {
    const body = q.left.shift();
    q.current = body ? new Attempt(cluster, q.id, body, hint, cluster.now() + budget) : undefined;
  };
  queues.forEach(next);
  let nextSample = cluster.now();
  for (;;) {
    while (faults.length && faults[0].at + start <= cluster.now()) cluster.apply(faults.shift()!.fault);
    for (const q of queues) {
      while (q.current?.step()) {
        if (q.current.op.status === 'ok' && !isRefusal(q.current.op)) hint = q.current.leaderHint;
        next(q);
      }
    }
    if (options.sampleEveryMs !== undefined && cluster.now() >= nextSample) {
      monitor.check(await probeAll(cluster));
      nextSample = cluster.now() + options.sampleEveryMs;
    }
    const active = queues.filter((q) => q.current);
    if (!active.length && !faults.length) return;
    const wake = Math.min(
      ...active.map((q) => q.current!.retryAt ?? Infinity),
      faults.length ? faults[0].at + start : Infinity,
      options.sampleEveryMs !== undefined ? nextSample : Infinity,
      cluster.now() + 1_000,
    );
    const waiting = active.filter((q) => q.current!.retryAt === undefined).map((q) => q.current!.op);
    await cluster.runUntil(() => waiting.some((op) => op.status !== 'pending'), { maxMs: Math.max(1, wake - cluster.now()) });
  }
}

/** Sends one request through the leader (trying nodes in turn) and returns its final answer. */
export async function submit(cluster: Cluster, body: Body, client: NodeId, options: { budgetMs?: number; firstNode?: NodeId } = {}): Promise<ClientOp> {
  await runWorkload(cluster, { clients: [{ id: client, requests: [body] }], requestBudgetMs: options.budgetMs ?? 3_000, firstNode: options.firstNode });
  return [...cluster.history].reverse().find((op) => op.client === client)!;
}

/** Fails unless `op` got a reply of `type`. */
export function expectReply(cluster: Cluster, op: ClientOp, type: string, why: string): Body {
  if (op.status !== 'ok' || op.reply?.type !== type) {
    cluster.fail(`${describeOp(toKv(op) ?? unknownOp(op))}: expected ${type} ${why}`, { expected: { type }, received: op.reply ?? op.status });
  }
  return op.reply!;
}

function unknownOp(op: ClientOp): KvOperation {
  return { client: op.client, key: String(op.request.key), kind: 'read', invokedAt: op.invokedAt, outcome: 'unknown' };
}

/**
 * A client op as the linearizability checker sees it, or undefined when it constrains nothing (a refusal,
 * error 11, means the node did not take it). A reply the contract does not allow fails the check.
 */
function toKv(op: ClientOp, cluster?: Cluster): KvOperation | undefined {
  const r = op.request;
  if (!['read', 'write', 'cas'].includes(r.type)) return undefined;
  const base = { client: op.client, key: JSON.stringify(r.key), invokedAt: op.invokedAt, completedAt: op.completedAt };
  const kind = r.type as KvOperation['kind'];
  const shape = kind === 'read' ? {} : kind === 'write' ? { value: r.value } : { from: r.from, to: r.to };
  if (op.status !== 'ok') return { ...base, kind, ...shape, completedAt: undefined, outcome: 'unknown' };
  const reply = op.reply!;
  if (reply.type === 'error' && reply.code === NOT_LEADER) return undefined;
  if (kind === 'read' && reply.type === 'read_ok' && 'value' in reply) return { ...base, kind, value: reply.value, outcome: 'ok' };
  if (kind === 'read' && reply.type === 'error' && reply.code === 20) return { ...base, kind, value: null, outcome: 'ok' };
  if (kind === 'write' && reply.type === 'write_ok') return { ...base, kind, ...shape, outcome: 'ok' };
  if (kind === 'cas' && reply.type === 'cas_ok') return { ...base, kind, ...shape, outcome: 'ok' };
  if (kind === 'cas' && reply.type === 'error' && (reply.code === 22 || reply.code === 20)) return { ...base, kind, ...shape, outcome: 'fail' };
  cluster?.fail(`${op.node} answered ${JSON.stringify(r)} with a reply the contract does not allow`, { received: reply, at: op.completedAt });
  return undefined;
}

/** Fails unless the run's client history is linearizable (one register per key, missing keys read as null). */
export function expectLinearizable(cluster: Cluster): void {
  const ops = cluster.history.map((op) => toKv(op, cluster)).filter((op): op is KvOperation => op !== undefined);
  const result = checkLinearizable(ops);
  if (result.ok === true) return;
  if (result.ok === 'unknown') cluster.fail(`the history could not be checked: ${result.message}`);
  const last = result.ops.map((o) => o.completedAt ?? o.invokedAt).reduce((a, b) => Math.max(a, b), 0);
  cluster.fail(`the history is not linearizable (key ${result.key}): ${result.message}`, {
    expected: 'some order of the operations, each taking effect between its request and its reply, that a single copy of the store allows',
    received: result.ops.map(describeOp),
    at: last,
  });
}

/** The end of every faulty run: heal, restart, a leader, one final read of every key through it, then every property. */
export async function finishRun(cluster: Cluster, keys: readonly unknown[], monitor?: StateMonitor): Promise<Map<NodeId, RaftState>> {
  cluster.recover();
  cluster.note('network healed and every node restarted: a leader must serve every key again');
  for (const key of keys) {
    const op = await submit(cluster, { type: 'read', key }, 'c98', { budgetMs: 5_000 });
    if (op.status !== 'ok' || (op.reply?.type !== 'read_ok' && !(op.reply?.type === 'error' && op.reply.code === 20))) {
      cluster.fail(`no node served a read of ${JSON.stringify(key)} within 5 s after the network healed and every node restarted`, { received: op.reply ?? op.status });
    }
  }
  const states = await probeAll(cluster);
  monitor?.check(states);
  expectSafeTrace(cluster);
  expectLinearizable(cluster);
  return states;
}
