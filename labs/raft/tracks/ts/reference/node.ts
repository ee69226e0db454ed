// Raft (leader election, log replication, persistence) with a linearizable key-value store on top.
// Reads go through the log like writes, so a deposed leader can never answer one from a stale state.
import type { Body, Json, Message, NodeContext, NodeHandlers } from "./cluster.ts";

const HEARTBEAT_MS = 50;
const ELECTION_MIN_MS = 300;
const ELECTION_SPREAD_MS = 300;

/** A client request as the log keeps it: what to do, and whom to answer. */
interface Op {
  type: string;
  key?: Json;
  value?: Json;
  from?: Json;
  to?: Json;
  request_id?: Json;
  client: string;
  msg_id: number;
}
interface Entry { term: number; op: Op }
type Role = "follower" | "candidate" | "leader";

export function createNode(): NodeHandlers {
  // Persistent state (written to storage before any message that depends on it is sent).
  let term = 0;
  let votedFor: string | null = null;
  const log: Entry[] = []; // log[i - 1] is the entry at index i

  // Volatile state.
  let role: Role = "follower";
  let commitIndex = 0;
  let lastApplied = 0;
  let votes = new Set<string>();
  const nextIndex = new Map<string, number>();
  const matchIndex = new Map<string, number>();
  // The append_entries in flight to each peer (its msg_id, when sent): one at a time, so entries batch up.
  const inFlight = new Map<string, { msgId: number; at: number }>();
  const pending = new Map<number, Message>(); // log index -> the client request to answer when it is applied
  const kv = new Map<string, Json>();
  const results = new Map<string, Body>(); // request_id -> the reply it got when first applied

  const lastIndex = () => log.length;
  const termAt = (i: number) => (i === 0 ? 0 : log[i - 1].term);
  const majority = (ctx: NodeContext) => Math.floor(ctx.nodeIds.length / 2) + 1;
  const peers = (ctx: NodeContext) => ctx.nodeIds.filter((n) => n !== ctx.id);

  const saveState = (ctx: NodeContext) => ctx.storage.set("state", { term, voted_for: votedFor });
  const saveEntry = (ctx: NodeContext, index: number) => ctx.storage.set(`log/${index}`, log[index - 1] as unknown as Json);
  const saveLength = (ctx: NodeContext) => ctx.storage.set("log_length", log.length);

  function resetElectionTimer(ctx: NodeContext) {
    ctx.setTimer("election", ELECTION_MIN_MS + Math.floor(ctx.random() * ELECTION_SPREAD_MS));
  }

  /** Any message carrying a newer term makes this node a follower of that term. */
  function observeTerm(ctx: NodeContext, seen: number) {
    if (seen <= term) return;
    term = seen;
    votedFor = null;
    saveState(ctx);
    if (role === "leader") {
      ctx.cancelTimer("heartbeat");
      resetElectionTimer(ctx);
    }
    role = "follower";
  }

  function startElection(ctx: NodeContext) {
    role = "candidate";
    term += 1;
    votedFor = ctx.id;
    saveState(ctx);
    votes = new Set([ctx.id]);
    resetElectionTimer(ctx);
    for (const peer of peers(ctx)) {
      ctx.send(peer, { type: "request_vote", term, candidate_id: ctx.id, last_log_index: lastIndex(), last_log_term: termAt(lastIndex()) });
    }
  }

  function becomeLeader(ctx: NodeContext) {
    role = "leader";
    inFlight.clear();
    ctx.cancelTimer("election");
    for (const peer of peers(ctx)) {
      nextIndex.set(peer, lastIndex() + 1);
      matchIndex.set(peer, 0);
    }
    heartbeat(ctx);
  }

  /** Every peer without a message in flight hears from us; one whose message got no answer for long is sent again. */
  function heartbeat(ctx: NodeContext) {
    for (const peer of peers(ctx)) {
      const sent = inFlight.get(peer);
      if (!sent || ctx.now() - sent.at >= 2 * HEARTBEAT_MS) sendAppend(ctx, peer);
    }
    ctx.setTimer("heartbeat", HEARTBEAT_MS);
  }

  /** Every entry the peer lacks in one message; at most one such message in flight per peer between heartbeats. */
  function sendAppend(ctx: NodeContext, peer: string) {
    const prev = nextIndex.get(peer)! - 1;
    const msgId = ctx.send(peer, {
      type: "append_entries", term, leader_id: ctx.id, prev_log_index: prev, prev_log_term: termAt(prev),
      entries: log.slice(prev) as unknown as Json, leader_commit: commitIndex,
    });
    inFlight.set(peer, { msgId, at: ctx.now() });
  }

  function replicate(ctx: NodeContext) {
    for (const peer of peers(ctx)) if (!inFlight.has(peer)) sendAppend(ctx, peer);
  }

  /** Commits the highest index of this term that a majority holds (never an older term's entry by counting). */
  function advanceCommit(ctx: NodeContext) {
    for (let n = lastIndex(); n > commitIndex && termAt(n) === term; n--) {
      let count = 1;
      for (const peer of peers(ctx)) if (matchIndex.get(peer)! >= n) count++;
      if (count >= majority(ctx)) {
        commitIndex = n;
        apply(ctx);
        return;
      }
    }
  }

  function apply(ctx: NodeContext) {
    while (lastApplied < commitIndex) {
      lastApplied++;
      const op = log[lastApplied - 1].op;
      const result = execute(op);
      const request = pending.get(lastApplied);
      pending.delete(lastApplied);
      if (request && request.src === op.client && request.body.msg_id === op.msg_id) ctx.reply(request, result);
    }
  }

  /** The state machine: a request id seen before gets its first reply again and changes nothing. */
  function execute(op: Op): Body {
    const id = typeof op.request_id === "string" ? op.request_id : undefined;
    if (id !== undefined && results.has(id)) return results.get(id)!;
    const key = JSON.stringify(op.key);
    let result: Body;
    if (op.type === "read") {
      result = kv.has(key) ? { type: "read_ok", value: kv.get(key)! } : { type: "error", code: 20, text: "key does not exist" };
    } else if (op.type === "write") {
      kv.set(key, op.value ?? null);
      result = { type: "write_ok" };
    } else if (!kv.has(key)) {
      result = { type: "error", code: 20, text: "key does not exist" };
    } else if (JSON.stringify(kv.get(key)) !== JSON.stringify(op.from)) {
      result = { type: "error", code: 22, text: "current value differs from 'from'" };
    } else {
      kv.set(key, op.to ?? null);
      result = { type: "cas_ok" };
    }
    if (id !== undefined) results.set(id, result);
    return result;
  }

  function onClientRequest(ctx: NodeContext, msg: Message) {
    if (role !== "leader") {
      ctx.reply(msg, { type: "error", code: 11, text: "not the leader" });
      return;
    }
    const b = msg.body;
    if (typeof b.request_id === "string" && results.has(b.request_id)) {
      ctx.reply(msg, results.get(b.request_id)!);
      return;
    }
    const op: Op = { type: b.type, key: b.key as Json, client: msg.src, msg_id: b.msg_id! };
    for (const field of ["value", "from", "to", "request_id"] as const) if (field in b) op[field] = b[field] as Json;
    log.push({ term, op });
    saveEntry(ctx, lastIndex());
    saveLength(ctx);
    pending.set(lastIndex(), msg);
    if (ctx.nodeIds.length === 1) advanceCommit(ctx);
    replicate(ctx);
  }

  function onRequestVote(ctx: NodeContext, msg: Message) {
    const b = msg.body;
    observeTerm(ctx, b.term as number);
    const candidate = b.candidate_id as string;
    const upToDate = (b.last_log_term as number) > termAt(lastIndex()) ||
      ((b.last_log_term as number) === termAt(lastIndex()) && (b.last_log_index as number) >= lastIndex());
    const granted = (b.term as number) === term && (votedFor === null || votedFor === candidate) && upToDate;
    if (granted) {
      votedFor = candidate;
      saveState(ctx);
      resetElectionTimer(ctx);
    }
    ctx.reply(msg, { type: "request_vote_ok", term, vote_granted: granted });
  }

  function onVote(ctx: NodeContext, msg: Message) {
    const b = msg.body;
    observeTerm(ctx, b.term as number);
    if (role !== "candidate" || b.term !== term || b.vote_granted !== true) return;
    votes.add(msg.src);
    if (votes.size >= majority(ctx)) becomeLeader(ctx);
  }

  function onAppendEntries(ctx: NodeContext, msg: Message) {
    const b = msg.body;
    observeTerm(ctx, b.term as number);
    if ((b.term as number) < term) {
      ctx.reply(msg, { type: "append_entries_ok", term, success: false, conflict_index: 0 });
      return;
    }
    role = "follower"; // a candidate of this term yields to its leader
    resetElectionTimer(ctx);
    const prev = b.prev_log_index as number;
    if (prev > lastIndex()) {
      ctx.reply(msg, { type: "append_entries_ok", term, success: false, conflict_index: lastIndex() + 1 });
      return;
    }
    if (termAt(prev) !== b.prev_log_term) {
      // Skip back over the whole conflicting term at once (the fast back-up).
      let first = prev;
      while (first > 1 && termAt(first - 1) === termAt(prev)) first--;
      ctx.reply(msg, { type: "append_entries_ok", term, success: false, conflict_index: first });
      return;
    }
    const entries = b.entries as unknown as Entry[];
    let changed = false;
    entries.forEach((entry, k) => {
      const index = prev + 1 + k;
      if (index <= lastIndex() && termAt(index) === entry.term) return;
      if (index <= lastIndex()) { // a conflict: drop this entry and everything after it
        for (let i = index; i <= lastIndex(); i++) { ctx.storage.delete(`log/${i}`); pending.delete(i); }
        log.length = index - 1;
      }
      log.push(entry);
      saveEntry(ctx, index);
      changed = true;
    });
    if (changed) saveLength(ctx);
    const match = prev + entries.length;
    if ((b.leader_commit as number) > commitIndex) {
      commitIndex = Math.max(commitIndex, Math.min(b.leader_commit as number, match));
      apply(ctx);
    }
    ctx.reply(msg, { type: "append_entries_ok", term, success: true, match_index: match });
  }

  function onAppendReply(ctx: NodeContext, msg: Message) {
    const b = msg.body;
    observeTerm(ctx, b.term as number);
    if (role !== "leader" || b.term !== term || !nextIndex.has(msg.src)) return;
    const peer = msg.src;
    // A late or duplicated answer still counts for matchIndex, but only the answer to the latest send sends more.
    const latest = inFlight.get(peer)?.msgId === b.in_reply_to;
    if (latest) inFlight.delete(peer);
    if (b.success === true) {
      const match = Math.max(matchIndex.get(peer)!, b.match_index as number);
      matchIndex.set(peer, match);
      nextIndex.set(peer, match + 1);
      advanceCommit(ctx);
    } else {
      nextIndex.set(peer, Math.max(matchIndex.get(peer)! + 1, Math.min(nextIndex.get(peer)!, b.conflict_index as number)));
    }
    if (latest && (nextIndex.get(peer)! <= lastIndex() || b.success !== true)) sendAppend(ctx, peer);
  }

  return {
    init(ctx) {
      const state = ctx.storage.get<{ term: number; voted_for: string | null }>("state");
      if (state) {
        term = state.term;
        votedFor = state.voted_for;
      }
      const length = ctx.storage.get<number>("log_length") ?? 0;
      for (let i = 1; i <= length; i++) log.push(ctx.storage.get(`log/${i}`) as unknown as Entry);
      resetElectionTimer(ctx);
    },

    onMessage(ctx, msg) {
      switch (msg.body.type) {
        case "request_vote": return onRequestVote(ctx, msg);
        case "request_vote_ok": return onVote(ctx, msg);
        case "append_entries": return onAppendEntries(ctx, msg);
        case "append_entries_ok": return onAppendReply(ctx, msg);
        case "read": case "write": case "cas": return onClientRequest(ctx, msg);
        case "raft_state":
          ctx.reply(msg, { type: "raft_state_ok", role, term, commit_index: commitIndex, log_length: lastIndex(), last_log_term: termAt(lastIndex()) });
          return;
        default:
          ctx.log("unknown message type", msg.body.type);
      }
    },

    onTimer(ctx, name) {
      if (name === "heartbeat" && role === "leader") heartbeat(ctx);
      if (name === "election" && role !== "leader") startElection(ctx);
    },
  };
}
