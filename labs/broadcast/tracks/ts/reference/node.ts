// Gossip broadcast: a star (the first node is the hub), batched per tick, acknowledged and retried.
import type { Message, NodeContext, NodeHandlers } from "./cluster.ts";

/** One batch per neighbour every TICK_MS; a value unacknowledged for RETRY_MS is sent again. */
const TICK_MS = 100;
const RETRY_MS = 300;

export function createNode(): NodeHandlers {
  const seen = new Set<number>();
  const order: number[] = []; // read lists values in arrival order
  /** Per neighbour: value -> when it was last sent (-Infinity: not yet). */
  const pending = new Map<string, Map<number, number>>();

  const neighbours = (ctx: NodeContext): string[] => {
    const [hub, ...leaves] = ctx.nodeIds;
    return ctx.id === hub ? leaves : [hub];
  };

  /** Records the values that are new and queues them for every neighbour except the one they came from. */
  const learn = (ctx: NodeContext, values: number[], from?: string) => {
    for (const value of values) {
      if (seen.has(value)) continue;
      seen.add(value);
      order.push(value);
      for (const n of neighbours(ctx)) if (n !== from) pending.get(n)!.set(value, -Infinity);
    }
  };

  return {
    init(ctx) {
      for (const n of neighbours(ctx)) pending.set(n, new Map());
      ctx.setTimer("tick", 1 + Math.floor(ctx.random() * TICK_MS));
    },

    onMessage(ctx, msg: Message) {
      const body = msg.body;
      switch (body.type) {
        case "broadcast":
          learn(ctx, [body.message as number]);
          ctx.reply(msg, { type: "broadcast_ok" });
          break;
        case "read":
          ctx.reply(msg, { type: "read_ok", messages: [...order] });
          break;
        case "topology":
          ctx.reply(msg, { type: "topology_ok" }); // our own star serves better than the suggestion
          break;
        case "gossip": {
          const values = body.messages as number[];
          learn(ctx, values, msg.src);
          ctx.reply(msg, { type: "gossip_ok", messages: values });
          break;
        }
        case "gossip_ok":
          for (const value of body.messages as number[]) pending.get(msg.src)?.delete(value);
          break;
      }
    },

    onTimer(ctx, name) {
      if (name !== "tick") return;
      const now = ctx.now();
      for (const [n, values] of pending) {
        const due: number[] = [];
        for (const [value, sentAt] of values) {
          if (now - sentAt < RETRY_MS) continue;
          due.push(value);
          values.set(value, now);
        }
        if (due.length > 0) ctx.send(n, { type: "gossip", messages: due });
      }
      ctx.setTimer("tick", TICK_MS);
    },
  };
}
