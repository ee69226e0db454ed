// Your node: every server in the cluster runs a copy of it. Read README.md for the contract.
import type { Message, NodeContext, NodeHandlers } from "./cluster.ts";

export function createNode(): NodeHandlers {
  // State lives here, inside the node: never in module-level variables (every node shares this module).

  return {
    init(ctx: NodeContext) {
      // TODO: set up what your node needs (a timer, for instance: ctx.setTimer("tick", 100)).
    },

    onMessage(ctx: NodeContext, msg: Message) {
      // TODO: answer broadcast with broadcast_ok, read with read_ok {messages}, topology with topology_ok,
      // and spread every value to every other node.
      ctx.log("unhandled message", msg.body.type);
    },

    onTimer(ctx: NodeContext, name: string) {
      // TODO: periodic work (resending what was not acknowledged, batching).
    },
  };
}
