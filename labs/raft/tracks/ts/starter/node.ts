// Your Raft node: every server in the cluster runs a copy of it. Read README.md for the contract.
import type { Message, NodeContext, NodeHandlers } from "./cluster.ts";

export function createNode(): NodeHandlers {
  // State lives here, inside the node: never in module-level variables (every node shares this module).
  // Persistent: currentTerm, votedFor, the log (write them to ctx.storage before replying).
  // Volatile: role, commit index, last applied, and on a leader nextIndex / matchIndex per follower.

  return {
    init(ctx: NodeContext) {
      // TODO: restore term, vote and log from ctx.storage, then start a randomised election timer
      // (ctx.setTimer("election", 300 + Math.floor(ctx.random() * 300))).
    },

    onMessage(ctx: NodeContext, msg: Message) {
      // TODO: request_vote / request_vote_ok, append_entries / append_entries_ok between nodes;
      // read, write and cas from clients (through the log, on the leader); raft_state for the grader.
      ctx.log("unhandled message", msg.body.type);
    },

    onTimer(ctx: NodeContext, name: string) {
      // TODO: an election timeout starts an election; a leader's heartbeat timer sends append_entries.
    },
  };
}
