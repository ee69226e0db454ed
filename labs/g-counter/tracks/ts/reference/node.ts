// A PN-counter CRDT: per-node increments and decrements, merged by max, gossiped whole on a timer.
import type { Message, NodeHandlers } from "./cluster.ts";

const GOSSIP_MS = 100;
/** The only state that must survive a crash: this node's own two entries, written before add_ok. */
const OWN = "own";

type Counts = Record<string, number>;

export function createNode(): NodeHandlers {
  const inc: Counts = {}; // what each node added
  const dec: Counts = {}; // what each node subtracted, as a positive number

  const merge = (into: Counts, from: unknown) => {
    if (!from || typeof from !== "object") return;
    for (const [id, n] of Object.entries(from as Counts)) {
      if (typeof n === "number" && n > (into[id] ?? 0)) into[id] = n;
    }
  };
  const sum = (counts: Counts) => Object.values(counts).reduce((a, b) => a + b, 0);

  return {
    init(ctx) {
      const own = ctx.storage.get<{ inc: number; dec: number }>(OWN);
      if (own) {
        inc[ctx.id] = own.inc;
        dec[ctx.id] = own.dec;
      }
      ctx.setTimer("gossip", 1 + Math.floor(ctx.random() * GOSSIP_MS));
    },

    onMessage(ctx, msg: Message) {
      const body = msg.body;
      switch (body.type) {
        case "add": {
          const delta = body.delta as number;
          if (delta >= 0) inc[ctx.id] = (inc[ctx.id] ?? 0) + delta;
          else dec[ctx.id] = (dec[ctx.id] ?? 0) - delta;
          ctx.storage.set(OWN, { inc: inc[ctx.id] ?? 0, dec: dec[ctx.id] ?? 0 });
          ctx.reply(msg, { type: "add_ok" });
          break;
        }
        case "read":
          ctx.reply(msg, { type: "read_ok", value: sum(inc) - sum(dec) });
          break;
        case "state":
          merge(inc, body.inc);
          merge(dec, body.dec);
          break;
      }
    },

    onTimer(ctx, name) {
      if (name !== "gossip") return;
      for (const peer of ctx.nodeIds) if (peer !== ctx.id) ctx.send(peer, { type: "state", inc, dec });
      ctx.setTimer("gossip", GOSSIP_MS);
    },
  };
}
