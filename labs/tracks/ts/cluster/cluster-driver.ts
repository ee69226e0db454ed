// Provided by sysdesign-lab: do not edit. Hosts every node of a simulated cluster in this one process.
//
// The grader owns the clock and the network and talks to this driver over stdin/stdout, one JSON object
// per line (the wire is documented in the grader, src/grader/cluster/wire.ts):
//   {"cmd":"reset","nodes":["n1",…],"seed":N}        -> {"ok":true}
//   {"cmd":"run","until":T,"events":[…],"forget":[…]}  -> {"done":[…],"next":T2|null}
// A run hands over every event before virtual time T (deliveries, inits, crashes); the driver calls the
// handlers in time order, firing the nodes' own timers that fall before T in between, and answers with what
// each call did (messages sent, storage written, lines logged, an exception). Sent messages are kept here and
// numbered 1, 2, … so the grader can deliver them by number ("ref") until it says to forget them. stdout is
// the wire: console.log is sent to stderr.
import { createInterface } from "node:readline";
import type { Body, Json, Message, NodeContext, NodeHandlers, Storage } from "./cluster.ts";
import { createNode } from "./node.ts";

type Event = { at: number; node: string; do: "init" | "crash" | "deliver"; msg?: Message; ref?: number };
type Done = {
  at: number; node: string; ev: "init" | "crash" | "deliver" | "timer"; i?: number; timer?: string;
  sent?: { dest: string; text: string }[]; store?: [string, Json?][]; logs?: string[]; error?: string;
};
type Timer = { at: number; seq: number; node: string; name: string };

const wire = process.stdout;
// Only this driver's answers go to stdout: every console method that would print there goes to stderr.
for (const method of ["log", "info", "debug", "dir", "table"] as const) console[method] = (...parts: unknown[]) => console.error(...parts);

let nodeIds: string[] = [];
let seed = 0;
let timerSeq = 0;
const nodes = new Map<string, Host>();
const storages = new Map<string, Map<string, string>>();
const msgIds = new Map<string, number>();
const incarnations = new Map<string, number>();
let timers: Timer[] = []; // a binary heap ordered by (at, seq)
const kept = new Map<number, { src: string; dest: string; text: string }>(); // sent messages by ref
let sentCount = 0;
let current: Done | undefined;
let now = 0;

/** mulberry32, seeded per node and incarnation: the same run gives every node the same numbers. */
// Node code that escapes its handler (a promise, a callback) fails where it runs; the driver keeps serving.
process.on("unhandledRejection", (error) => console.error("[outside a handler]", error));
process.on("uncaughtException", (error) => console.error("[outside a handler]", error));

/** What the handler running now did; a context used outside any handler (a callback, a promise) is a bug. */
function effects(what: string): Done {
  if (!current) throw new Error(`${what} was called outside a handler (from a callback or a promise of your own): a node acts only inside init, onMessage and onTimer, which must run to completion`);
  return current;
}

function generator(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nodeSeed(node: string, incarnation: number): number {
  const index = nodeIds.indexOf(node) + 1;
  return (seed ^ Math.imul(index, 0x9e3779b1) ^ Math.imul(incarnation, 0x85ebca6b)) >>> 0;
}

class Host {
  readonly handlers: NodeHandlers;
  readonly ctx: NodeContext;
  readonly pending = new Map<string, number>(); // timer name -> seq of the live one
  constructor(readonly id: string) {
    const incarnation = (incarnations.get(id) ?? 0) + 1;
    incarnations.set(id, incarnation);
    const random = generator(nodeSeed(id, incarnation));
    const data = storages.get(id) ?? new Map<string, string>();
    storages.set(id, data);
    const send = (dest: string, body: Body): number => {
      if (typeof dest !== "string" || !body || typeof body.type !== "string") throw new Error(`send needs a destination and a body with a string "type" (got ${JSON.stringify(dest)}, ${JSON.stringify(body)})`);
      let msgId = body.msg_id;
      if (typeof msgId !== "number") {
        msgId = (msgIds.get(id) ?? 0) + 1;
        msgIds.set(id, msgId);
      }
      const text = JSON.stringify({ ...body, msg_id: msgId });
      kept.set(++sentCount, { src: id, dest, text });
      (effects("ctx.send").sent ??= []).push({ dest, text });
      return msgId;
    };
    const storage: Storage = {
      get: <T>(key: string) => { const v = data.get(key); return v === undefined ? undefined : JSON.parse(v) as T; },
      set: (key, value) => {
        effects("ctx.storage.set");
        const text = JSON.stringify(value);
        if (text === undefined) throw new Error(`storage.set(${JSON.stringify(key)}): the value is not JSON`);
        data.set(key, text);
        (effects("ctx.storage.set").store ??= []).push([key, JSON.parse(text)]);
      },
      delete: (key) => { (effects("ctx.storage.delete").store ??= []).push([key]); data.delete(key); },
      keys: () => [...data.keys()].sort(),
    };
    this.ctx = {
      id, nodeIds, storage,
      now: () => now,
      send,
      reply: (request, body) => send(request.src, { ...body, in_reply_to: request.body.msg_id }),
      setTimer: (name, ms) => {
        const at = now + Math.max(1, Math.ceil(Number(ms) || 0));
        const seq = ++timerSeq;
        this.pending.set(name, seq);
        push({ at, seq, node: id, name });
      },
      cancelTimer: (name) => { this.pending.delete(name); },
      random,
      log: (...parts) => { (effects("ctx.log").logs ??= []).push(parts.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ")); },
    };
    this.handlers = createNode();
  }
}

function push(timer: Timer): void {
  timers.push(timer);
  let i = timers.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(timers[i], timers[parent])) break;
    [timers[i], timers[parent]] = [timers[parent], timers[i]];
    i = parent;
  }
}

function pop(): Timer {
  const top = timers[0];
  const last = timers.pop()!;
  if (timers.length > 0) {
    timers[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < timers.length && before(timers[l], timers[m])) m = l;
      if (r < timers.length && before(timers[r], timers[m])) m = r;
      if (m === i) break;
      [timers[i], timers[m]] = [timers[m], timers[i]];
      i = m;
    }
  }
  return top;
}

const before = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** A timer is live while its node runs the incarnation that set it and the name was not set again or cancelled. */
function live(timer: Timer): Host | undefined {
  const host = nodes.get(timer.node);
  return host && host.pending.get(timer.name) === timer.seq ? host : undefined;
}

function call(done: Done, work: () => unknown): Done {
  current = done;
  now = done.at;
  try {
    const result = work();
    if (result && typeof (result as { then?: unknown }).then === "function") {
      throw new Error("a handler returned a Promise: handlers must be synchronous (no async/await), since nothing runs between them");
    }
  } catch (error) {
    done.error = error instanceof Error ? (error.stack ?? error.message).split("\n").slice(0, 8).join("\n") : String(error);
  }
  current = undefined;
  return done;
}

function handle(event: Event, i: number): Done {
  const done: Done = { at: event.at, node: event.node, ev: event.do, i };
  if (event.do === "crash") {
    nodes.delete(event.node);
    return done;
  }
  if (event.do === "init") {
    return call(done, () => {
      const host = new Host(event.node);
      nodes.set(event.node, host);
      host.handlers.init?.(host.ctx);
    });
  }
  const host = nodes.get(event.node);
  if (!host) return done; // the grader does not deliver to a crashed node; kept harmless anyway
  let msg = event.msg;
  if (event.ref !== undefined) {
    const stored = kept.get(event.ref);
    if (!stored) return { ...done, error: `the driver no longer holds message ${event.ref}` };
    msg = { src: stored.src, dest: stored.dest, body: JSON.parse(stored.text) as Body };
  }
  return call(done, () => host.handlers.onMessage(host.ctx, msg!));
}

function run(until: number, events: Event[]): Done[] {
  const out: Done[] = [];
  let next = 0;
  for (;;) {
    while (timers.length > 0 && !live(timers[0])) pop();
    const timer = timers[0];
    const external = events[next];
    const timerFirst = timer !== undefined && timer.at < until && (external === undefined || timer.at < external.at);
    if (timerFirst) {
      pop();
      const host = live(timer)!;
      host.pending.delete(timer.name);
      out.push(call({ at: timer.at, node: timer.node, ev: "timer", timer: timer.name }, () => host.handlers.onTimer?.(host.ctx, timer.name)));
    } else if (external !== undefined) {
      out.push(handle(external, next));
      next++;
    } else {
      return out;
    }
  }
}

function nextTimer(): number | null {
  while (timers.length > 0 && !live(timers[0])) pop();
  return timers.length > 0 ? timers[0].at : null;
}

/** A Done as JSON, with each sent body's text spliced in as it was encoded at send time (not parsed again). */
function encodeDone(done: Done): string {
  if (!done.sent) return JSON.stringify(done);
  const { sent, ...rest } = done;
  const bodies = sent.map((m) => `{"dest":${JSON.stringify(m.dest)},"body":${m.text}}`).join(",");
  return `${JSON.stringify(rest).slice(0, -1)},"sent":[${bodies}]}`;
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on("line", (line) => {
  const command = JSON.parse(line) as { cmd: string; nodes?: string[]; seed?: number; until?: number; events?: Event[]; forget?: number[] };
  if (command.cmd === "reset") {
    nodeIds = command.nodes ?? [];
    seed = command.seed ?? 0;
    nodes.clear(); storages.clear(); msgIds.clear(); incarnations.clear();
    timers = []; timerSeq = 0; now = 0; kept.clear(); sentCount = 0;
    wire.write('{"ok":true}\n');
  } else if (command.cmd === "run") {
    const done = run(command.until ?? 0, command.events ?? []);
    for (const ref of command.forget ?? []) kept.delete(ref);
    wire.write(`{"done":[${done.map(encodeDone).join(",")}],"next":${JSON.stringify(nextTimer())}}\n`);
  } else {
    wire.write(JSON.stringify({ error: `unknown command ${command.cmd}` }) + "\n");
  }
});
