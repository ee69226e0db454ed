// Raft's safety properties, checked over every message of a run (from its trace) and over sampled states.
import type { Body, Cluster, Message, NodeId } from '../../../src/grader/api.js';
import type { RaftState } from './probe.js';

const SERVER = /^n\d+$/;
type Send = { t: number; msg: Message };

function serverSends(cluster: Cluster): Send[] {
  const sends: Send[] = [];
  for (const e of cluster.trace) {
    // A message that found its destination crashed is traced again when it arrives (fate 'crashed'): counted once.
    if (e.kind === 'send' && e.fate !== 'crashed' && SERVER.test(e.msg.src) && SERVER.test(e.msg.dest)) sends.push({ t: e.t, msg: e.msg });
  }
  return sends;
}

const int = (b: Body, field: string) => (Number.isInteger(b[field]) ? (b[field] as number) : undefined);

/**
 * Over every node-to-node message sent so far:
 * - election safety: in a term, only one node sends append_entries;
 * - one vote per term: a node grants request_vote_ok to one candidate per term;
 * - a leader's leader_commit never goes down within its term;
 * - state machine safety: two leaders that declared an index committed had the same entry (same term) there.
 */
export function expectSafeTrace(cluster: Cluster): void {
  const leaderOf = new Map<number, NodeId>();
  const voteOf = new Map<string, NodeId>();
  const leaders = new Map<string, { node: NodeId; term: number; log: Map<number, number>; commit: number; commitAt: number }>();
  for (const { t, msg } of serverSends(cluster)) {
    const b = msg.body;
    const term = int(b, 'term');
    if (b.type === 'append_entries' && term !== undefined) {
      const other = leaderOf.get(term);
      if (other !== undefined && other !== msg.src) {
        cluster.fail(`two leaders in term ${term}: ${other} and ${msg.src} both sent append_entries (election safety: at most one leader per term)`, { at: t });
      }
      leaderOf.set(term, msg.src);
      const key = `${msg.src}@${term}`;
      const leader = leaders.get(key) ?? { node: msg.src, term, log: new Map<number, number>(), commit: 0, commitAt: t };
      leaders.set(key, leader);
      const prev = int(b, 'prev_log_index') ?? 0;
      const entries = Array.isArray(b.entries) ? (b.entries as { term?: unknown }[]) : [];
      entries.forEach((entry, k) => { if (Number.isInteger(entry?.term)) leader.log.set(prev + 1 + k, entry.term as number); });
      const commit = int(b, 'leader_commit') ?? 0;
      if (commit < leader.commit) {
        cluster.fail(`${msg.src} sent leader_commit ${commit} after ${leader.commit} in term ${term}: a commit index never moves backwards`, { at: t });
      }
      if (commit > leader.commit) { leader.commit = commit; leader.commitAt = t; }
    }
    if (b.type === 'request_vote_ok' && b.vote_granted === true && term !== undefined) {
      const key = `${msg.src}@${term}`;
      const other = voteOf.get(key);
      if (other !== undefined && other !== msg.dest) {
        cluster.fail(`${msg.src} voted twice in term ${term}: for ${other} and for ${msg.dest} (votedFor must be persisted and respected)`, { at: t });
      }
      voteOf.set(key, msg.dest);
    }
  }
  const committed = new Map<number, { term: number; by: string }>();
  for (const leader of [...leaders.values()].sort((a, b) => a.commitAt - b.commitAt)) {
    for (const [index, entryTerm] of [...leader.log].sort((a, b) => a[0] - b[0])) {
      if (index > leader.commit) break;
      const seen = committed.get(index);
      const by = `${leader.node} (leader in term ${leader.term})`;
      if (seen && seen.term !== entryTerm) {
        cluster.fail(`index ${index} was committed twice with different entries: by ${seen.by} with an entry of term ${seen.term}, ` +
          `then by ${by} with an entry of term ${entryTerm}. A committed entry must never be replaced`, { at: leader.commitAt });
      }
      if (!seen) committed.set(index, { term: entryTerm, by });
    }
  }
}

/**
 * Rules on each node's reported state between two samples, reset when the node restarts: the commit index never
 * decreases and never exceeds the log's length; the term never decreases, not even across a restart.
 */
export class StateMonitor {
  private readonly last = new Map<NodeId, RaftState>();
  private readonly terms = new Map<NodeId, number>();
  private restartsSeen = 0;
  private traceSeen = 0;

  constructor(private readonly cluster: Cluster) {}

  check(states: Map<NodeId, RaftState>): void {
    const trace = this.cluster.trace;
    for (; this.traceSeen < trace.length; this.traceSeen++) {
      const e = trace[this.traceSeen];
      if (e.kind === 'crash' || e.kind === 'restart') { this.last.delete(e.node); this.restartsSeen++; }
    }
    for (const [node, s] of states) {
      if (s.commit_index > s.log_length) {
        this.cluster.fail(`${node} reports commit index ${s.commit_index} with only ${s.log_length} entries in its log: a committed entry was dropped`, { received: s });
      }
      const before = this.last.get(node);
      if (before && s.commit_index < before.commit_index) {
        this.cluster.fail(`${node}'s commit index went from ${before.commit_index} down to ${s.commit_index} without a restart: it must never move backwards`, { received: s });
      }
      const term = this.terms.get(node) ?? 0;
      if (s.term < term) {
        this.cluster.fail(`${node}'s term went from ${term} down to ${s.term}: currentTerm must be persisted and never decrease`, { received: s });
      }
      this.terms.set(node, s.term);
      this.last.set(node, s);
    }
  }
}
