// __LAB_TITLE__: your node. Every server in the cluster runs a copy of it. Read README.md for the contract.
// TEMPLATE: the starter names the handlers and marks with a TODO what each must do.
import type { Message, NodeContext, NodeHandlers } from "./cluster.ts";

export function createNode(): NodeHandlers {
  // State lives here, inside the node: never in module-level variables (every node shares this module).

  return {
    init(ctx: NodeContext) {
      // TODO: start a timer (ctx.setTimer("gossip", 100)) for telling the other nodes what you know.
    },

    onMessage(ctx: NodeContext, msg: Message) {
      // TODO: answer write with write_ok, read with read_ok {value}, and take in what other nodes send you.
      ctx.log("unhandled message", msg.body.type);
    },

    onTimer(ctx: NodeContext, name: string) {
      // TODO: send your value to the other nodes, and set the timer again.
    },
  };
}
