// Provided driver: do not edit. The grader talks to your tally through it, one JSON object per line.
//
// TEMPLATE: a driver is only the table of operations that call the learner's code; the track's wire
// (wire.ts, from labs/tracks/ts/library/) reads requests, writes replies and owns the virtual clock.
// Every request has "id" (echoed in its reply) and "op". Time is virtual: the tally gets this driver's
// clock, which moves only on "advance". Replies:
//   new {windowMs}        -> {ok:true}
//   add {key, amount}     -> {total} | {error:"invalid-amount", message}   (add threw a RangeError)
//   total {key}           -> {total}
//   advance {ms}          -> {ok:true, now}   now: ms since the driver started
// The wire answers an unknown op, a malformed line, and anything else your code throws.
// stdout carries replies only: log with console.error.
import { Tally } from "./tally.ts";
import { VirtualClock, exception, serve, type Reply } from "./wire.ts";

const clock = new VirtualClock();
let tally: Tally | undefined;

function need(): Tally {
  if (!tally) throw new Error("no tally: send {op:\"new\"} first");
  return tally;
}

/** The lab's own error code for a rejected amount; anything else is the wire's "exception". */
function failure(error: unknown): Reply {
  return error instanceof RangeError ? { error: "invalid-amount", message: error.message } : exception(error);
}

await serve({
  new: (req) => {
    tally = new Tally({ clock, windowMs: Number(req.windowMs) });
    return { ok: true };
  },
  add: (req) => ({ total: need().add(String(req.key), Number(req.amount)) }),
  total: (req) => ({ total: need().total(String(req.key)) }),
  advance: (req) => ({ ok: true, now: clock.advance(Number(req.ms)) }),
}, failure);
