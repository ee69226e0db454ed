// Provided driver: do not edit. The grader talks to your breaker through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". Time is virtual: the breaker gets this
// driver's clock, which moves only on "advance". Replies:
//   new {settings:{maxRequests?, interval?, timeout?, trip?}}   -> {ok:true}
//       trip absent: your default readyToTrip; {consecutiveFailuresOver:n}: consecutiveFailures > n;
//       {minRequests:n, failureRatioAtLeast:r}: requests >= n && totalFailures/requests >= r.
//       onStateChange records every change for "transitions".
//   advance {ms}        -> {ok:true, now}          now: ms since the driver started
//   state               -> {state}
//   counts              -> {counts:{requests, totalSuccesses, totalFailures, consecutiveSuccesses, consecutiveFailures}}
//   transitions         -> {transitions:[[from,to],...]}   the changes since the last "transitions"
//   execute {call, outcome:"success"|"failure"|"panic", hold?}
//       Calls breaker.execute with a fn named `call`. "success" resolves with the value `call`,
//       "failure" rejects with an Error, "panic" throws synchronously from fn. With hold:true the fn
//       stays pending until "release" settles it; the reply comes when execute settles:
//       {ok:true, value, ran}  |  {error:"open"|"too-many-requests", ran}
//       | {error:"fn-error"|"panic", same, ran}  (same: the very error fn produced was passed on)
//       | {error:"exception", message, ran}     (anything else execute threw or rejected with)
//       ran: whether fn was called.
//   release {call, outcome:"success"|"failure"|"panic"}  -> {ok:true, returned}
//       settles a held fn; replies after the held call's own reply (returned:false if execute had
//       not settled within 1 s).
//   running             -> {running:[call,...]}   held fns that are running now, sorted
//   hammer {workers, callsEach, seed, failureRate}
//       workers concurrent loops, each making callsEach executes whose fns settle after a random
//       number of event-loop turns, with state() and counts() between them. Replies
//       {calls, ok, failed, rejected, ran, other, counts, state}.
// The wire (wire.ts) answers an unknown op, a malformed line, and anything your code throws.
// stdout carries replies only: log with console.error.
import { CircuitBreaker, OpenStateError, TooManyRequestsError, type Counts, type Settings, type State } from "./breaker.ts";
import { VirtualClock, later, message, parallel, seeded, serve, turn, type Reply, type Request } from "./wire.ts";
type Outcome = "success" | "failure" | "panic";

const clock = new VirtualClock();
let breaker: CircuitBreaker | undefined;
let transitions: [State, State][] = [];

interface Held {
  settle(outcome: Outcome): void;
  done: Promise<void>;
}
const held = new Map<string, Held>();
const running = new Set<string>();

function need(): CircuitBreaker {
  if (!breaker) throw new Error("no breaker: send {op:\"new\"} first");
  return breaker;
}

function readyToTrip(trip: unknown): ((c: Counts) => boolean) | undefined {
  if (trip === undefined || trip === null) return undefined;
  const t = trip as { consecutiveFailuresOver?: number; minRequests?: number; failureRatioAtLeast?: number };
  if (typeof t.consecutiveFailuresOver === "number") {
    const n = t.consecutiveFailuresOver;
    return (c) => c.consecutiveFailures > n;
  }
  const min = t.minRequests ?? 0;
  const ratio = t.failureRatioAtLeast ?? 0;
  return (c) => c.requests >= min && c.requests > 0 && c.totalFailures / c.requests >= ratio;
}

function createBreaker(raw: unknown): void {
  const s = (raw ?? {}) as { maxRequests?: number; interval?: number; timeout?: number; trip?: unknown };
  const settings: Settings = {
    clock,
    onStateChange: (from, to) => { transitions.push([from, to]); },
  };
  if (s.maxRequests !== undefined) settings.maxRequests = s.maxRequests;
  if (s.interval !== undefined) settings.interval = s.interval;
  if (s.timeout !== undefined) settings.timeout = s.timeout;
  const trip = readyToTrip(s.trip);
  if (trip) settings.readyToTrip = trip;
  transitions = [];
  breaker = new CircuitBreaker(settings);
}

class FnError extends Error {}
class FnPanic extends Error {}

/** Runs one execute; for a held call `outcome` is a promise that "release" resolves. */
async function execute(call: string, outcome: Outcome | Promise<Outcome>): Promise<Reply> {
  let ran = false;
  let produced: unknown;
  const fn = (): Promise<string> => {
    ran = true;
    if (outcome === "panic") {
      produced = new FnPanic(`panic in ${call}`);
      throw produced;
    }
    running.add(call);
    return Promise.resolve(outcome).then((o) => {
      running.delete(call);
      if (o === "success") return call;
      produced = o === "panic" ? new FnPanic(`panic in ${call}`) : new FnError(`${call} failed`);
      throw produced;
    });
  };
  try {
    const value = await need().execute(fn);
    return { ok: true, value: value === undefined ? null : value, ran };
  } catch (error) {
    if (error instanceof OpenStateError) return { error: "open", ran };
    if (error instanceof TooManyRequestsError) return { error: "too-many-requests", ran };
    if (ran && produced !== undefined) {
      const kind = produced instanceof FnPanic ? "panic" : "fn-error";
      if (error === produced) return { error: kind, same: true, ran };
      return { error: kind, same: false, ran, message: message(error) };
    }
    return { error: "exception", message: message(error), ran };
  }
}

async function hammer(req: Request): Promise<Reply> {
  const b = need();
  const workers = Number(req.workers ?? 8);
  const callsEach = Number(req.callsEach ?? 100);
  const failureRate = Number(req.failureRate ?? 0.5);
  const rand = seeded(Number(req.seed ?? 1));
  const tally = { calls: 0, ok: 0, failed: 0, rejected: 0, ran: 0, other: 0 };
  const worker = async () => {
    for (let i = 0; i < callsEach; i++) {
      const fail = rand() < failureRate;
      const turns = Math.floor(rand() * 4);
      tally.calls++;
      const fn = async (): Promise<string> => {
        tally.ran++;
        for (let k = 0; k < turns; k++) await (k % 2 === 0 ? Promise.resolve() : turn());
        if (fail) throw new FnError("hammer failure");
        return "ok";
      };
      try {
        await b.execute(fn);
        tally.ok++;
      } catch (error) {
        if (error instanceof FnError) tally.failed++;
        else if (error instanceof OpenStateError || error instanceof TooManyRequestsError) tally.rejected++;
        else tally.other++;
      }
      b.state();
      b.counts();
    }
  };
  await parallel(workers, worker);
  return { ...tally, state: b.state(), counts: b.counts() };
}

await serve({
  new: (req) => {
    createBreaker(req.settings);
    return { ok: true };
  },
  advance: (req) => ({ ok: true, now: clock.advance(Number(req.ms)) }),
  state: () => ({ state: need().state() }),
  counts: () => ({ counts: { ...need().counts() } }),
  transitions: () => {
    const list = transitions;
    transitions = [];
    return { transitions: list };
  },
  running: () => ({ running: [...running].sort() }),
  execute: async (req) => {
    const call = String(req.call);
    const outcome = (req.outcome ?? "success") as Outcome;
    if (!req.hold) return execute(call, outcome);
    let settle: (o: Outcome) => void = () => undefined;
    const gate = new Promise<Outcome>((resolve) => { settle = resolve; });
    const answer = execute(call, gate);
    held.set(call, { settle, done: answer.then(() => undefined) });
    await turn(); // let the breaker call fn before the next request is read
    return later(answer); // answered when execute settles
  },
  release: async (req) => {
    const call = String(req.call);
    const h = held.get(call);
    if (!h) return { error: "unknown-call", call };
    held.delete(call);
    h.settle((req.outcome ?? "success") as Outcome);
    let timer: NodeJS.Timeout | undefined;
    const returned = await Promise.race([
      h.done.then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), 1000); }),
    ]);
    clearTimeout(timer);
    return { ok: true, returned };
  },
  hammer,
});
