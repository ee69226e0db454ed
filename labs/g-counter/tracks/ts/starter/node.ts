// Your node: every server in the cluster runs a copy of it. Read README.md for the contract.
import type { Message, NodeContext, NodeHandlers } from "./cluster.ts";

export function createNode(): NodeHandlers {
  // State lives here, inside the node: never in module-level variables (every node shares this module).

  return {
    init(ctx: NodeContext) {
      // TODO: restore what you persisted (ctx.storage) and start a timer (ctx.setTimer("gossip", 100)).
    },

    onMessage(ctx: NodeContext, msg: Message) {
      // TODO: answer add with add_ok (after persisting what must survive a crash), read with read_ok {value},
      // and merge the state other nodes send you.
      ctx.log("unhandled message", msg.body.type);
    },

    onTimer(ctx: NodeContext, name: string) {
      // TODO: send your state to the other nodes.
    },
  };
}
