// Provided driver: do not edit. The grader talks to your generator through it, one JSON object per line.
//
// Every request has "id" (the request's number, echoed in its reply) and "op". Snowflake ids travel
// as decimal strings in the field "snowflake", so nothing on the wire rounds them. Time is
// virtual: the generator gets this driver's Clock, whose now() starts at 1700000000000 (ms since the
// Unix epoch) and moves only on "advance" and when your code calls sleep(ms) (by ms, at once).
// Error codes: "invalid-node" | "before-epoch" | "timestamp-overflow" | "clock-moved-backwards"
// | "invalid-id" (your five error classes), "runaway" (now() read 1000000 times without the clock
// moving: a busy wait), "exception" (anything else thrown; message says what).
//   new {node, epoch, now?}  -> {ok:true} | {error, message}
//       now: set the clock to this first. Creates new Snowflake({node, epoch, clock}).
//   advance {ms}             -> {ok:true, now}        ms may be negative: the clock moves backwards
//   next                     -> {snowflake, slept, now} | {error, message, slept, now}
//       slept: the ms of every sleep() made during this call, in order.
//   burst {count}            -> {issued, runs, runsTruncated, sleeps, now, error?, errorAt?, message?}
//       count calls to next(), stopping at the first error (errorAt: its 0-based call number).
//       runs: the ids in the order issued, as [firstId, length] where each run is ids going up
//       by exactly 1 (at most 64 runs; runsTruncated when there were more). sleeps: [{call, ms}].
//   decode {snowflake}       -> {timestamp, node, sequence} | {error, message}
//   hammer {workers, idsEach, advanceEvery?}
//       workers async loops on the one generator, interleaved (each yields to the others after
//       every id); with advanceEvery n, a loop moves the clock 1 ms after every n of its own ids.
//       -> {issued, unique, duplicates, notIncreasing:[worker...], errors:{code:count}, runs, runsTruncated, now}
//       runs: the distinct ids sorted, compressed as for burst.
// The wire (wire.ts) answers an unknown op and a malformed line. stdout carries replies only: log with console.error.
import {
  BeforeEpochError, ClockMovedBackwardsError, InvalidIdError, InvalidNodeError, Snowflake, TimestampOverflowError,
  type Clock,
} from "./snowflake.ts";
import { message, parallel, serve, turn, type Reply, type Request } from "./wire.ts";

const SPIN_LIMIT = 1_000_000;
const MAX_RUNS = 64;

class RunawayError extends Error {}

let now = 1_700_000_000_000;
let readsSinceMove = 0;
let sleeps: number[] = [];
const moved = () => { readsSinceMove = 0; };
const clock: Clock = {
  now() {
    if (++readsSinceMove > SPIN_LIMIT) {
      moved();
      throw new RunawayError(`now() was read ${SPIN_LIMIT} times without the clock moving: wait with clock.sleep(ms), never spin`);
    }
    return now;
  },
  sleep(ms: number) {
    sleeps.push(ms);
    if (typeof ms === "number" && ms > 0) { now += ms; moved(); }
  },
};
let generator: Snowflake | undefined;

function need(): Snowflake {
  if (!generator) throw new Error("no generator: send {op:\"new\"} first");
  return generator;
}

function errorReply(error: unknown): Reply {
  const text = message(error);
  if (error instanceof InvalidNodeError) return { error: "invalid-node", message: text };
  if (error instanceof BeforeEpochError) return { error: "before-epoch", message: text };
  if (error instanceof TimestampOverflowError) return { error: "timestamp-overflow", message: text };
  if (error instanceof ClockMovedBackwardsError) return { error: "clock-moved-backwards", message: text };
  if (error instanceof InvalidIdError) return { error: "invalid-id", message: text };
  if (error instanceof RunawayError) return { error: "runaway", message: text };
  return { error: "exception", message: text };
}

/** One next(), with the sleeps it made; a non-bigint result is reported as an exception. */
function nextId(g: Snowflake): bigint {
  const id: unknown = g.next();
  if (typeof id !== "bigint") throw new Error(`next() must return a bigint, got ${typeof id} ${String(id)}`);
  moved();
  return id;
}

function compress(ids: bigint[]): { runs: [string, number][]; runsTruncated: boolean } {
  const runs: [string, number][] = [];
  let start: bigint | undefined;
  let prev = 0n;
  let length = 0;
  let total = 0;
  for (const id of ids) {
    if (start !== undefined && id === prev + 1n) { length++; prev = id; continue; }
    if (start !== undefined) { total++; if (runs.length < MAX_RUNS) runs.push([start.toString(), length]); }
    start = id; prev = id; length = 1;
  }
  if (start !== undefined) { total++; if (runs.length < MAX_RUNS) runs.push([start.toString(), length]); }
  return { runs, runsTruncated: total > runs.length };
}

function burst(count: number): Reply {
  const g = need();
  const ids: bigint[] = [];
  const slept: { call: number; ms: number }[] = [];
  let failure: Reply | undefined;
  for (let call = 0; call < count; call++) {
    sleeps = [];
    try {
      ids.push(nextId(g));
    } catch (error) {
      failure = { ...errorReply(error), errorAt: call };
    }
    for (const ms of sleeps) slept.push({ call, ms });
    if (failure) break;
  }
  return { issued: ids.length, ...compress(ids), sleeps: slept, now, ...failure };
}

async function hammer(req: Request): Promise<Reply> {
  const g = need();
  const workers = Number(req.workers ?? 8);
  const idsEach = Number(req.idsEach ?? 1000);
  const advanceEvery = Number(req.advanceEvery ?? 0);
  const perWorker: bigint[][] = [];
  const errors: Record<string, number> = {};
  const worker = async (w: number) => {
    const mine: bigint[] = [];
    perWorker[w] = mine;
    for (let i = 0; i < idsEach; i++) {
      try {
        mine.push(nextId(g));
      } catch (error) {
        const code = String(errorReply(error).error);
        errors[code] = (errors[code] ?? 0) + 1;
        if (code === "runaway" || code === "exception") return;
      }
      if (advanceEvery > 0 && (i + 1) % advanceEvery === 0) { now += 1; moved(); }
      await (i % 3 === 2 ? turn() : Promise.resolve());
    }
  };
  await parallel(workers, worker);
  const notIncreasing: number[] = [];
  perWorker.forEach((ids, w) => { if (ids.some((id, i) => i > 0 && id <= ids[i - 1])) notIncreasing.push(w); });
  const all = perWorker.flat().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const distinct = all.filter((id, i) => i === 0 || id !== all[i - 1]);
  return {
    issued: all.length, unique: distinct.length, duplicates: all.length - distinct.length, notIncreasing, errors,
    ...compress(distinct), now,
  };
}

await serve({
  new: (req) => {
    if (req.now !== undefined) { now = Number(req.now); moved(); }
    generator = undefined;
    generator = new Snowflake({ node: Number(req.node), epoch: Number(req.epoch), clock });
    return { ok: true };
  },
  advance: (req) => {
    now += Number(req.ms);
    moved();
    return { ok: true, now };
  },
  next: () => {
    const g = need();
    sleeps = [];
    try {
      const id = nextId(g);
      return { snowflake: id.toString(), slept: sleeps, now };
    } catch (error) {
      return { ...errorReply(error), slept: sleeps, now };
    }
  },
  burst: (req) => burst(Number(req.count)),
  decode: (req) => {
    const parts = need().decode(BigInt(String(req.snowflake)));
    return { timestamp: parts.timestamp, node: parts.node, sequence: parts.sequence };
  },
  hammer,
}, errorReply);
