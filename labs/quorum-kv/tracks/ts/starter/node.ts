// Your node: every server in the cluster runs a copy of it. Read README.md for the contract.
import type { Message, NodeContext, NodeHandlers } from "./cluster.ts";

export function createNode(): NodeHandlers {
  // State lives here, inside the node: never in module-level variables (every node shares this module).

  return {
    init(ctx: NodeContext) {
      // TODO: build the ring from ctx.nodeIds (8 virtual nodes each, SHA-1 of "nX#i") and start the handoff timer.
    },

    onMessage(ctx: NodeContext, msg: Message) {
      // TODO: coordinate put and get (replicate / read to the key's 3 replicas, answer at W or R, hints at 150 ms,
      // error 11 at 500 ms, read repair), and serve replicate, read and repair as a replica.
      ctx.log("unhandled message", msg.body.type);
    },

    onTimer(ctx: NodeContext, name: string) {
      // TODO: the per-request timers, and hand back the hints you hold every 200 ms.
    },
  };
}
