// Your node: every server in the cluster runs a copy of it. n1 is the coordinator, the others are
// participants. Read README.md for the contract.
import type { Message, NodeContext, NodeHandlers } from "./cluster.ts";

export function createNode(): NodeHandlers {
  // State lives here, inside the node: never in module-level variables (every node shares this module).

  return {
    init(ctx: NodeContext) {
      // TODO: a participant back from a crash resumes asking about every transaction it recorded prepared.
    },

    onMessage(ctx: NodeContext, msg: Message) {
      // TODO coordinator (n1): commit → prepare to each participant; collect the votes; record the decision in
      // storage (txn/<id>), then send it and answer the client; answer decision_request.
      // TODO participant: write, read, prepare (record prepared, then vote), decision, decision_request.
      ctx.log("unhandled message", msg.body.type);
    },

    onTimer(ctx: NodeContext, name: string) {
      // TODO: the coordinator's vote timeout; a participant in doubt asking for the decision.
    },
  };
}
