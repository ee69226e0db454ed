// Reference solution: the largest value seen, raised by writes and by gossip, sent whole to every peer on a timer.
import type { Message, NodeHandlers } from "./cluster.ts";

const GOSSIP_MS = 100;

export function createNode(): NodeHandlers {
  let largest = 0;
  const raise = (value: unknown) => {
    if (typeof value === "number" && value > largest) largest = value;
  };

  return {
    init(ctx) {
      // A random first tick, so the nodes do not all gossip at the same instant.
      ctx.setTimer("gossip", 1 + Math.floor(ctx.random() * GOSSIP_MS));
    },

    onMessage(ctx, msg: Message) {
      switch (msg.body.type) {
        case "write":
          raise(msg.body.value);
          ctx.reply(msg, { type: "write_ok" });
          break;
        case "read":
          ctx.reply(msg, { type: "read_ok", value: largest });
          break;
        case "gossip":
          raise(msg.body.value);
          break;
      }
    },

    onTimer(ctx, name) {
      if (name !== "gossip") return;
      for (const peer of ctx.nodeIds) if (peer !== ctx.id) ctx.send(peer, { type: "gossip", value: largest });
      ctx.setTimer("gossip", GOSSIP_MS);
    },
  };
}
