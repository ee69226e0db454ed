// One replica of a Dynamo-style store: ring placement, coordinated quorum puts and gets, read repair and
// hinted handoff, as the lab's README states them.
import { createHash } from "node:crypto";
import type { Json, Message, NodeContext, NodeHandlers } from "./cluster.ts";

const N = 3;
const VNODES = 8;
const HINT_AFTER_MS = 150;
const DEADLINE_MS = 500;
const HANDOFF_EVERY_MS = 200;
const UNAVAILABLE = 11;

type Version = [number, string];
interface Entry { value: number; version: Version }

/** Last writer wins: counter first, then the coordinator's id. */
function newer(a: Version | null | undefined, b: Version | null | undefined): boolean {
  if (!a) return false;
  if (!b) return true;
  return a[0] !== b[0] ? a[0] > b[0] : a[1] > b[1];
}

function hash(s: string): number {
  return createHash("sha1").update(s, "utf8").digest().readUInt32BE(0);
}

interface Pending {
  kind: "put" | "get";
  client: Message;
  key: string;
  need: number;
  answered: boolean;
  /** put: who acknowledged (replicas and stand-ins); get: each replica's answer. */
  acks: Set<string>;
  answers: Map<string, Entry | null>;
  entry?: Entry;
  homes: string[];
  standIns: string[];
  repaired?: boolean;
}

export function createNode(): NodeHandlers {
  let ring: { h: number; node: string; i: number }[] = [];
  let lastCounter = 0;
  let nextOp = 0;
  const pending = new Map<string, Pending>();
  /** msg_id of an outgoing replicate/read → the request it serves and the node it went to. */
  const outgoing = new Map<number, { op: string; to: string }>();

  const preference = (key: string): string[] => {
    const h = hash(key);
    let start = ring.findIndex((v) => v.h >= h);
    if (start < 0) start = 0;
    const taken: string[] = [];
    for (let k = 0; k < ring.length && taken.length < ring.length / VNODES; k++) {
      const node = ring[(start + k) % ring.length].node;
      if (!taken.includes(node)) taken.push(node);
    }
    return taken;
  };

  /** Stores `entry` under `skey` unless an equal or newer version is there; true when it wrote. */
  const store = (ctx: NodeContext, skey: string, entry: Entry): boolean => {
    const held = ctx.storage.get<Entry>(skey);
    if (held && !newer(entry.version, held.version)) return false;
    ctx.storage.set(skey, entry as unknown as Json);
    return true;
  };

  const countAck = (ctx: NodeContext, id: string, from: string) => {
    const p = pending.get(id);
    if (!p || p.kind !== "put") return;
    p.acks.add(from);
    if (!p.answered && p.acks.size >= p.need) {
      p.answered = true;
      ctx.reply(p.client, { type: "put_ok", version: p.entry!.version });
    }
  };

  const countAnswer = (ctx: NodeContext, id: string, from: string, entry: Entry | null) => {
    const p = pending.get(id);
    if (!p || p.kind !== "get" || p.answers.has(from)) return;
    p.answers.set(from, entry);
    if (!p.answered && p.answers.size >= p.need) {
      p.answered = true;
      const best = newest([...p.answers.values()]);
      ctx.reply(p.client, { type: "get_ok", value: best ? best.value : null, version: best ? best.version : null });
    }
    if (p.answers.size === p.homes.length) repair(ctx, id);
  };

  const newest = (entries: (Entry | null)[]): Entry | null =>
    entries.reduce<Entry | null>((best, e) => (e && (!best || newer(e.version, best.version)) ? e : best), null);

  const repair = (ctx: NodeContext, id: string) => {
    const p = pending.get(id)!;
    if (p.repaired) return;
    p.repaired = true;
    const best = newest([...p.answers.values()]);
    if (!best) return;
    for (const [home, entry] of p.answers) {
      if (entry && !newer(best.version, entry.version)) continue;
      if (home === ctx.id) store(ctx, `kv/${p.key}`, best);
      else ctx.send(home, { type: "repair", key: p.key, value: best.value, version: best.version });
    }
  };

  const finish = (ctx: NodeContext, id: string) => {
    const p = pending.get(id);
    if (!p) return;
    if (!p.answered) {
      p.answered = true;
      ctx.reply(p.client, { type: "error", code: UNAVAILABLE, text: `fewer than ${p.need} replicas answered within ${DEADLINE_MS} ms` });
    }
    if (p.kind === "get") repair(ctx, id);
    pending.delete(id);
    for (const [msgId, o] of outgoing) if (o.op === id) outgoing.delete(msgId);
  };

  const sendHints = (ctx: NodeContext, id: string) => {
    const p = pending.get(id);
    if (!p || p.kind !== "put") return;
    const missing = p.homes.filter((h) => !p.acks.has(h));
    missing.forEach((home, k) => {
      const standIn = p.standIns[k];
      if (!standIn) return;
      const e = p.entry!;
      if (standIn === ctx.id) {
        store(ctx, `hint/${home}/${p.key}`, e);
        countAck(ctx, id, standIn);
      } else {
        const msgId = ctx.send(standIn, { type: "replicate", key: p.key, value: e.value, version: e.version, hint_for: home });
        outgoing.set(msgId, { op: id, to: standIn });
      }
    });
  };

  const handOff = (ctx: NodeContext) => {
    for (const skey of ctx.storage.keys()) {
      if (!skey.startsWith("hint/")) continue;
      const [, home, key] = skey.split("/");
      const e = ctx.storage.get<Entry>(skey)!;
      ctx.send(home, { type: "replicate", key, value: e.value, version: e.version });
    }
  };

  const start = (ctx: NodeContext, msg: Message, kind: "put" | "get") => {
    const body = msg.body;
    const key = body.key as string;
    const list = preference(key);
    const id = `${kind}:${++nextOp}`;
    const quorum = kind === "put" ? body.w : body.r;
    const p: Pending = {
      kind, client: msg, key, need: typeof quorum === "number" ? quorum : 2, answered: false,
      acks: new Set(), answers: new Map(), homes: list.slice(0, N), standIns: list.slice(N),
    };
    pending.set(id, p);
    ctx.setTimer(`${id}:end`, DEADLINE_MS);
    if (kind === "put") {
      lastCounter = Math.max(ctx.now() * 1000, lastCounter + 1);
      p.entry = { value: body.value as number, version: [lastCounter, ctx.id] };
      ctx.setTimer(`${id}:hint`, HINT_AFTER_MS);
      for (const home of p.homes) {
        if (home === ctx.id) continue;
        const msgId = ctx.send(home, { type: "replicate", key, value: p.entry.value, version: p.entry.version });
        outgoing.set(msgId, { op: id, to: home });
      }
      if (p.homes.includes(ctx.id)) {
        store(ctx, `kv/${key}`, p.entry);
        countAck(ctx, id, ctx.id);
      }
    } else {
      for (const home of p.homes) {
        if (home === ctx.id) continue;
        outgoing.set(ctx.send(home, { type: "read", key }), { op: id, to: home });
      }
      if (p.homes.includes(ctx.id)) countAnswer(ctx, id, ctx.id, ctx.storage.get<Entry>(`kv/${key}`) ?? null);
    }
  };

  return {
    init(ctx) {
      ring = ctx.nodeIds
        .flatMap((node) => Array.from({ length: VNODES }, (_, i) => ({ h: hash(`${node}#${i}`), node, i })))
        .sort((a, b) => a.h - b.h || (a.node < b.node ? -1 : a.node > b.node ? 1 : a.i - b.i));
      ctx.setTimer("handoff", HANDOFF_EVERY_MS);
    },

    onMessage(ctx, msg) {
      const body = msg.body;
      switch (body.type) {
        case "put":
        case "get":
          start(ctx, msg, body.type);
          break;
        case "replicate": {
          const entry: Entry = { value: body.value as number, version: body.version as Version };
          const skey = typeof body.hint_for === "string" ? `hint/${body.hint_for}/${body.key}` : `kv/${body.key}`;
          store(ctx, skey, entry);
          ctx.reply(msg, { type: "replicate_ok", key: body.key, version: entry.version });
          break;
        }
        case "read": {
          const e = ctx.storage.get<Entry>(`kv/${body.key}`);
          ctx.reply(msg, { type: "read_ok", key: body.key, value: e ? e.value : null, version: e ? e.version : null });
          break;
        }
        case "repair":
          store(ctx, `kv/${body.key}`, { value: body.value as number, version: body.version as Version });
          break;
        case "replicate_ok":
        case "read_ok": {
          const o = outgoing.get(body.in_reply_to as number);
          if (o) {
            outgoing.delete(body.in_reply_to as number);
            if (body.type === "replicate_ok") countAck(ctx, o.op, o.to);
            else countAnswer(ctx, o.op, o.to, body.version ? { value: body.value as number, version: body.version as Version } : null);
            break;
          }
          if (body.type === "replicate_ok") {
            // A home acknowledging a handed-back hint: delete the hint it now holds (or holds newer than).
            const skey = `hint/${msg.src}/${body.key}`;
            const held = ctx.storage.get<Entry>(skey);
            if (held && !newer(held.version, body.version as Version)) ctx.storage.delete(skey);
          }
          break;
        }
      }
    },

    onTimer(ctx, name) {
      if (name === "handoff") {
        handOff(ctx);
        ctx.setTimer("handoff", HANDOFF_EVERY_MS);
        return;
      }
      const [kind, n, what] = name.split(":");
      const id = `${kind}:${n}`;
      if (what === "hint") sendHints(ctx, id);
      else if (what === "end") finish(ctx, id);
    },
  };
}
