// Reading the nodes' state through the grader-only raft_state request (not a stage itself).
import type { Cluster, NodeId } from '../../../src/grader/api.js';

export interface RaftState { role: 'leader' | 'follower' | 'candidate'; term: number; commit_index: number; log_length: number; last_log_term: number }

/** A probe's reply comes back in 2 ms (1 ms each way); this bounds it for a node that does not answer. */
const PROBE_TIMEOUT_MS = 20;
const ROLES = ['leader', 'follower', 'candidate'];
/** The column of the grader's own probes in a diagram. */
export const PROBE_CLIENT = 'c99';

/** Every running node's raft_state (crashed nodes left out); fails on a missing or malformed answer. */
export async function probeAll(cluster: Cluster, nodes: readonly NodeId[] = cluster.nodeIds): Promise<Map<NodeId, RaftState>> {
  const down = new Set(cluster.crashed());
  const ops = nodes.filter((n) => !down.has(n))
    .map((node) => cluster.invoke(node, { type: 'raft_state' }, { probe: true, timeoutMs: PROBE_TIMEOUT_MS, client: PROBE_CLIENT }));
  await cluster.runUntil(() => ops.every((op) => op.status !== 'pending'), { maxMs: PROBE_TIMEOUT_MS + 1 });
  const states = new Map<NodeId, RaftState>();
  for (const op of ops) {
    const r = op.reply;
    if (op.status !== 'ok' || !r) cluster.fail(`${op.node} did not answer raft_state within ${PROBE_TIMEOUT_MS} ms: a node answers it at once, in any role`);
    const fine = r.type === 'raft_state_ok' && ROLES.includes(r.role as string) &&
      ['term', 'commit_index', 'log_length', 'last_log_term'].every((f) => Number.isInteger(r[f]) && (r[f] as number) >= 0);
    if (!fine) {
      cluster.fail(`${op.node} answered raft_state with a malformed body`, {
        expected: '{"type": "raft_state_ok", "role": "leader" | "follower" | "candidate", "term", "commit_index", "log_length", "last_log_term": integers ≥ 0}',
        received: r,
      });
    }
    states.set(op.node, r as unknown as RaftState);
  }
  return states;
}

/** The single leader of `among` whose term is the highest any of them reports, if there is exactly one. */
export function soleLeader(states: Map<NodeId, RaftState>, among: readonly NodeId[]): { leader: NodeId; term: number } | undefined {
  const here = among.filter((n) => states.has(n));
  const top = Math.max(0, ...here.map((n) => states.get(n)!.term));
  const leaders = here.filter((n) => states.get(n)!.role === 'leader' && states.get(n)!.term === top);
  return leaders.length === 1 ? { leader: leaders[0], term: top } : undefined;
}

/** How often waitForLeader looks. */
const LOOK_EVERY_MS = 10;

/**
 * Runs until exactly one node of `among` is leader in the highest term among them; fails after `maxMs` with
 * what each node reported last.
 */
export async function waitForLeader(cluster: Cluster, options: { maxMs: number; among?: readonly NodeId[]; why: string }): Promise<{ leader: NodeId; term: number }> {
  const among = options.among ?? cluster.nodeIds;
  const start = cluster.now();
  let states = await probeAll(cluster, among);
  for (;;) {
    const found = soleLeader(states, among);
    if (found) return found;
    if (cluster.now() - start >= options.maxMs) {
      cluster.fail(`no leader among ${among.join(', ')} within ${options.maxMs} ms ${options.why}`, {
        expected: 'one node of them in role "leader" with the highest term of them',
        received: Object.fromEntries([...states].map(([n, s]) => [n, `${s.role} in term ${s.term}`])),
      });
    }
    await cluster.runFor(LOOK_EVERY_MS);
    states = await probeAll(cluster, among);
  }
}
