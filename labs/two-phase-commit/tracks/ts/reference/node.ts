// Two-phase commit with presumed abort: n1 coordinates, every other node is a participant. Each node writes
// its state of a transaction to storage (txn/<id>) before any message that depends on it leaves.
import type { Json, Message, NodeContext, NodeHandlers } from "./cluster.ts";

const COORDINATOR = "n1";
/** The coordinator decides aborted when a vote is still missing this long after commit arrived. */
const VOTE_TIMEOUT_MS = 500;
/** A prepared participant with no decision asks the coordinator and its peers this often. */
const ASK_MS = 200;
const ABORTED = 14;
const TEMPORARILY_UNAVAILABLE = 11;

type State = "prepared" | "committed" | "aborted";
interface Record { state: State; writes?: { [key: string]: Json }; participants?: string[] }

/** A commit the coordinator is collecting votes for (volatile: a crash forgets it, and presumed abort covers that). */
interface Collecting { request: Message; participants: string[]; yes: Set<string> }

export function createNode(): NodeHandlers {
  const working = new Map<string, { [key: string]: Json }>(); // a participant's writes before prepare (volatile)
  const collecting = new Map<string, Collecting>();

  const key = (txn: string) => `txn/${txn}`;
  const recordOf = (ctx: NodeContext, txn: string) => ctx.storage.get<Record>(key(txn));
  const isDecided = (r: Record | undefined) => r !== undefined && r.state !== "prepared";

  /** Records a final state; a participant committing applies its writes to the data in the same step. */
  const decide = (ctx: NodeContext, txn: string, state: "committed" | "aborted") => {
    const record = recordOf(ctx, txn);
    if (isDecided(record)) return;
    if (state === "committed") for (const [k, v] of Object.entries(record?.writes ?? {})) ctx.storage.set(`data/${k}`, v);
    ctx.storage.set(key(txn), { ...(record ?? {}), state } as Json);
    working.delete(txn);
    ctx.cancelTimer(`ask ${txn}`);
  };

  // The coordinator's side.
  const finish = (ctx: NodeContext, txn: string, state: "committed" | "aborted") => {
    const c = collecting.get(txn);
    if (!c) return;
    collecting.delete(txn);
    ctx.cancelTimer(`votes ${txn}`);
    ctx.storage.set(key(txn), { state }); // logged before anyone hears of it
    for (const p of c.participants) ctx.send(p, { type: "decision", txn, outcome: state });
    if (state === "committed") ctx.reply(c.request, { type: "commit_ok", txn });
    else ctx.reply(c.request, { type: "error", code: ABORTED, text: `transaction ${txn} aborted` });
  };

  const onCoordinator = (ctx: NodeContext, msg: Message) => {
    const body = msg.body;
    const txn = String(body.txn);
    switch (body.type) {
      case "commit": {
        const participants = (body.participants as string[]).slice();
        collecting.set(txn, { request: msg, participants, yes: new Set() });
        for (const p of participants) ctx.send(p, { type: "prepare", txn, participants });
        ctx.setTimer(`votes ${txn}`, VOTE_TIMEOUT_MS);
        return;
      }
      case "vote": {
        const c = collecting.get(txn);
        if (!c) return; // late: already decided
        if (body.vote !== "yes") return finish(ctx, txn, "aborted");
        c.yes.add(msg.src);
        if (c.participants.every((p) => c.yes.has(p))) finish(ctx, txn, "committed");
        return;
      }
      case "decision_request": {
        if (collecting.has(txn)) return; // still collecting: no decision to give yet
        let record = recordOf(ctx, txn);
        if (!record) { // presumed abort: no record means it was never committed, and now never will be
          record = { state: "aborted" };
          ctx.storage.set(key(txn), record as unknown as Json);
        }
        ctx.reply(msg, { type: "decision", txn, outcome: record.state });
        return;
      }
    }
  };

  // The participants' side.
  const ask = (ctx: NodeContext, txn: string) => {
    const record = recordOf(ctx, txn);
    if (!record || isDecided(record)) return;
    for (const peer of [COORDINATOR, ...(record.participants ?? [])]) {
      if (peer !== ctx.id) ctx.send(peer, { type: "decision_request", txn });
    }
    ctx.setTimer(`ask ${txn}`, ASK_MS);
  };

  const onParticipant = (ctx: NodeContext, msg: Message) => {
    const body = msg.body;
    const txn = String(body.txn);
    switch (body.type) {
      case "write": {
        const writes = working.get(txn) ?? {};
        writes[String(body.key)] = body.value as Json;
        working.set(txn, writes);
        ctx.reply(msg, { type: "write_ok" });
        return;
      }
      case "read": {
        const k = String(body.key);
        for (const name of ctx.storage.keys()) {
          const r = name.startsWith("txn/") ? ctx.storage.get<Record>(name) : undefined;
          if (r?.state === "prepared" && r.writes && k in r.writes) {
            ctx.reply(msg, { type: "error", code: TEMPORARILY_UNAVAILABLE, text: `${k} is written by ${name.slice(4)}, prepared and in doubt: blocked until its decision is known` });
            return;
          }
        }
        ctx.reply(msg, { type: "read_ok", value: ctx.storage.get(`data/${k}`) ?? null });
        return;
      }
      case "prepare": {
        const record = recordOf(ctx, txn);
        if (record) {
          ctx.reply(msg, { type: "vote", txn, vote: record.state === "aborted" ? "no" : "yes" });
          return;
        }
        const writes = working.get(txn);
        if (!writes) { // nothing of it here (never written, or lost in a crash): refuse
          decide(ctx, txn, "aborted");
          ctx.reply(msg, { type: "vote", txn, vote: "no" });
          return;
        }
        ctx.storage.set(key(txn), { state: "prepared", writes, participants: body.participants as Json });
        working.delete(txn);
        ctx.reply(msg, { type: "vote", txn, vote: "yes" });
        ctx.setTimer(`ask ${txn}`, ASK_MS);
        return;
      }
      case "decision": {
        decide(ctx, txn, body.outcome === "committed" ? "committed" : "aborted");
        return;
      }
      case "decision_request": { // a peer in doubt (cooperative termination)
        const record = recordOf(ctx, txn);
        if (record?.state === "prepared") return; // in doubt too: nothing to tell
        if (!record) decide(ctx, txn, "aborted"); // not voted yet: free to refuse, and then it must
        ctx.reply(msg, { type: "decision", txn, outcome: recordOf(ctx, txn)!.state });
        return;
      }
    }
  };

  return {
    init(ctx) {
      if (ctx.id === COORDINATOR) return;
      // Back from a crash in doubt: resume asking.
      for (const name of ctx.storage.keys()) {
        if (name.startsWith("txn/") && ctx.storage.get<Record>(name)?.state === "prepared") ctx.setTimer(`ask ${name.slice(4)}`, ASK_MS);
      }
    },
    onMessage(ctx, msg) {
      if (ctx.id === COORDINATOR) onCoordinator(ctx, msg); else onParticipant(ctx, msg);
    },
    onTimer(ctx, name) {
      const [kind, txn] = name.split(" ");
      if (kind === "votes") finish(ctx, txn, "aborted");
      if (kind === "ask") ask(ctx, txn);
    },
  };
}
