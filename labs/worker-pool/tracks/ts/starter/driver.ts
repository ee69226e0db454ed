// Provided driver: do not edit. The grader talks to your pool through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". Jobs are named by the checks (j1, j2 …) and
// are held: a job, once your pool calls it, records that it started and returns a promise that
// settles only when "finish" says how. Replies:
//   new {workers, queueSize}   -> {ok:true} | {error:"invalid-options", message}   (the constructor threw a RangeError)
//       Jobs of an earlier pool end at once with their value.
//   submit {job, instant?}     -> {accepted:true} | {rejected:"queue-full"|"shutdown"} | {error:"blocked"}
//       instant:"value"|"error"|"panic": the job ends as soon as it starts ("panic" throws before returning a promise).
//       error "blocked": submit returned a Promise that had not settled 1 s later.
//   finish {job, outcome:"value"|"error"|"panic", waitMs?}
//       -> {ok:true} | {error:"not-running", job, state}   (waits up to waitMs, default 1000, for the job to start)
//       "value" resolves the job's promise with the job's name; "error" rejects it with a JobError,
//       "panic" with a JobPanic (a distinct object per job).
//   result {job, waitMs?}      -> {settled:false} | {settled:true, value} | {settled:true, error:"job-error"|"panic", same}
//       | {settled:true, error:"cancelled"} | {settled:true, error:"other", message}
//       waits up to waitMs (default 0) for the submission's result to settle; same: it is the very error the job produced.
//   cancel {job}               -> {cancelled: boolean}
//   shutdown                   -> {ok:true}   calls shutdown() and replies at once; "snapshot" tells when it resolved
//   snapshot {until?, waitMs?, stableMs?}
//       -> {started, active, maxActive, running, queued, shutdown}
//       started: jobs that have started (sorted), active: started and not over (sorted), maxActive: the
//       most jobs ever active at once, running/queued: your running()/queued(), shutdown: "none" |
//       "waiting" | "done". With until, waits up to waitMs (default 1000) until the fields it names
//       match, then, with stableMs, watches until nothing is pending (no timer, immediate or I/O: nothing
//       can change without a request) or stableMs have passed, and replies with what it sees then.
//   refill {rounds}            -> {rejected, firstRejected, other}
//       a fresh pool (4 workers, queueSize 0) kept full by 4 async loops: each submits a job that ends as
//       soon as it starts, awaits its result and submits the next at once, rounds times.
//   hammer {workers, queueSize, submitters, jobsEach, seed, cancelRate}
//       a fresh pool and many interleaved async submitters, cancels and counter reads, with shutdown()
//       called twice half-way; replies the tallies (see hammer below).
// The wire (wire.ts) answers an unknown op, a malformed line, and anything your code throws.
// stdout carries replies only: log with console.error.
import { CancelledError, QueueFullError, ShutdownError, WorkerPool, type Submission } from "./pool.ts";
import { message, parallel, serve, turn, type Reply, type Request } from "./wire.ts";
type Outcome = "value" | "error" | "panic";

class JobError extends Error {}
class JobPanic extends Error {}

interface Job {
  name: string;
  produced?: unknown;
  submission?: Submission<string>;
  outcome?: Reply;
  starts: number;
  over: boolean;
  release?: (o: Outcome) => void;
}

let pool: WorkerPool<string> | undefined;
let generation = 0;
let jobs = new Map<string, Job>();
let startedList: string[] = [];
const active = new Set<string>();
let maxActive = 0;
let shutdownCalls = 0;
let shutdownResolved = 0;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof v === "object" && v !== null && typeof (v as { then?: unknown }).then === "function";

function need(): WorkerPool<string> {
  if (!pool) throw new Error('no pool: send {"op":"new"} first');
  return pool;
}

function ending(job: Job, outcome: Outcome): unknown {
  job.produced = outcome === "panic" ? new JobPanic(`${job.name} panicked`) : new JobError(`${job.name} failed`);
  return job.produced;
}

function makeJob(gen: number, job: Job, instant: Outcome | undefined): () => Promise<string> {
  return () => {
    if (gen !== generation) return Promise.resolve(job.name);
    job.starts++;
    startedList.push(job.name);
    if (instant !== undefined) {
      job.over = true;
      if (instant === "value") return Promise.resolve(job.name);
      if (instant === "panic") throw ending(job, "panic");
      return Promise.reject(ending(job, "error"));
    }
    active.add(job.name);
    maxActive = Math.max(maxActive, active.size);
    return new Promise<string>((resolve, reject) => {
      job.release = (o) => {
        job.release = undefined;
        active.delete(job.name);
        job.over = true;
        if (o === "value") resolve(job.name);
        else reject(ending(job, o));
      };
    });
  };
}

function newPool(req: Request): Reply {
  for (const job of jobs.values()) job.release?.("value");
  generation++;
  jobs = new Map();
  startedList = [];
  active.clear();
  maxActive = 0;
  shutdownCalls = 0;
  shutdownResolved = 0;
  pool = undefined;
  try {
    pool = new WorkerPool<string>({ workers: Number(req.workers), queueSize: Number(req.queueSize) });
  } catch (error) {
    if (error instanceof RangeError) return { error: "invalid-options", message: message(error) };
    throw error;
  }
  return { ok: true };
}

function classify(job: Job, settled: { value?: unknown; error?: unknown; rejected: boolean }): Reply {
  if (!settled.rejected) return { settled: true, value: settled.value === undefined ? null : settled.value };
  const e = settled.error;
  if (e instanceof CancelledError) return { settled: true, error: "cancelled" };
  if (e instanceof JobError || e instanceof JobPanic) {
    const kind = e instanceof JobPanic ? "panic" : "job-error";
    return e === job.produced ? { settled: true, error: kind, same: true } : { settled: true, error: kind, same: false, message: e.message };
  }
  return { settled: true, error: "other", message: message(e) };
}

async function submit(req: Request): Promise<Reply> {
  const p = need();
  const name = String(req.job);
  const job: Job = { name, starts: 0, over: false };
  jobs.set(name, job);
  const instant = req.instant === undefined ? undefined : (String(req.instant) as Outcome);
  let s: unknown;
  try {
    s = p.submit(makeJob(generation, job, instant));
  } catch (error) {
    if (error instanceof QueueFullError) return { rejected: "queue-full" };
    if (error instanceof ShutdownError) return { rejected: "shutdown" };
    throw error;
  }
  if (isThenable(s)) {
    const settled = await Promise.race([Promise.resolve(s).then(() => true, () => true), sleep(1000).then(() => false)]);
    if (!settled) return { error: "blocked" };
    return { error: "exception", message: "submit returned a Promise: it must return the Submission (or throw) at once" };
  }
  const submission = s as Submission<string>;
  if (!submission || !isThenable(submission.result)) return { error: "exception", message: "submit must return a Submission with a result promise" };
  job.submission = submission;
  Promise.resolve(submission.result).then(
    (value) => { job.outcome = classify(job, { value, rejected: false }); },
    (error) => { job.outcome = classify(job, { error, rejected: true }); },
  );
  return { accepted: true };
}

async function finish(req: Request): Promise<Reply> {
  const job = jobs.get(String(req.job));
  if (!job) return { error: "not-running", job: req.job, state: "unknown" };
  const deadline = Date.now() + Number(req.waitMs ?? 1000);
  while (!job.release && !job.over && Date.now() < deadline) await turn();
  if (!job.release) return { error: "not-running", job: job.name, state: job.over ? "over" : job.submission ? "waiting" : "rejected" };
  job.release((req.outcome ?? "value") as Outcome);
  return { ok: true };
}

async function result(req: Request): Promise<Reply> {
  const job = jobs.get(String(req.job));
  if (!job?.submission) return { error: "unknown-job", job: req.job };
  const deadline = Date.now() + Number(req.waitMs ?? 0);
  await turn();
  while (!job.outcome && Date.now() < deadline) await turn();
  return job.outcome ?? { settled: false };
}

function snapshot(): Reply {
  const p = need();
  return {
    started: [...startedList].sort(), active: [...active].sort(), maxActive, running: p.running(), queued: p.queued(),
    shutdown: shutdownCalls === 0 ? "none" : shutdownResolved === shutdownCalls ? "done" : "waiting",
  };
}

function matches(received: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== "object") return Object.is(received, expected);
  if (Array.isArray(expected)) return Array.isArray(received) && received.length === expected.length && expected.every((e, i) => matches(received[i], e));
  if (received === null || typeof received !== "object") return false;
  return Object.entries(expected).every(([k, v]) => matches((received as Record<string, unknown>)[k], v));
}

/** Nothing but the wire's own pipes keeps the event loop alive: no callback is due unless a request comes. */
function idle(): boolean {
  return process.getActiveResourcesInfo().every((r) => r === "PipeWrap" || r === "TTYWrap");
}

async function watch(req: Request): Promise<Reply> {
  await turn();
  if (req.until === undefined) return snapshot();
  const deadline = Date.now() + Number(req.waitMs ?? 1000);
  let snap = snapshot();
  while (!matches(snap, req.until) && Date.now() < deadline) {
    await turn();
    snap = snapshot();
  }
  const stableMs = Number(req.stableMs ?? 0);
  if (stableMs > 0 && matches(snap, req.until)) {
    // Watch until nothing more can happen on its own (no timer, immediate or I/O pending), at most stableMs.
    const end = Date.now() + stableMs;
    while (Date.now() < end && matches(snap, req.until)) {
      const settled = idle();
      await sleep(1);
      snap = snapshot();
      if (settled) break;
    }
  }
  return snap;
}

function shutdown(): Reply {
  const p = need().shutdown();
  if (!isThenable(p)) return { error: "exception", message: "shutdown() must return a Promise" };
  shutdownCalls++;
  const gen = generation;
  Promise.resolve(p).then(
    () => { if (gen === generation) shutdownResolved++; },
    (error) => { console.error(`driver: shutdown() rejected: ${message(error)}`); },
  );
  return { ok: true };
}

/**
 * A fresh pool under interleaved async traffic. Tallies: attempts, accepted, rejectedFull,
 * rejectedShutdown, otherErrors, cancelled (cancel() true), ranCancelled, notRun, ranTwice,
 * wrongResults, badCounts (running() > workers or queued() > queueSize), maxActive,
 * overAtShutdown / expectedAtShutdown (jobs over when shutdown first resolved / accepted and not
 * cancelled), shutdownReturned, runningAfter, queuedAfter.
 */
async function hammer(req: Request): Promise<Reply> {
  const workers = Number(req.workers ?? 4);
  const queueSize = Number(req.queueSize ?? 4);
  const submitters = Number(req.submitters ?? 8);
  const jobsEach = Number(req.jobsEach ?? 200);
  const cancelRate = Number(req.cancelRate ?? 0.1);
  let seed = Number(req.seed ?? 1) >>> 0;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const p = new WorkerPool<unknown>({ workers, queueSize });
  const t = { attempts: 0, accepted: 0, rejectedFull: 0, rejectedShutdown: 0, otherErrors: 0, cancelled: 0, ranCancelled: 0, notRun: 0, ranTwice: 0, wrongResults: 0, badCounts: 0 };
  let activeNow = 0;
  let maxActiveNow = 0;
  let over = 0;
  let overAtShutdown = -1;
  let resolvedCalls = 0;
  interface H { ran: number; kind: number; value: object; produced?: unknown; s?: Submission<unknown>; cancelled: boolean; settled?: { ok: boolean; v: unknown } }
  const all: H[] = [];
  const shutdowns: Promise<void>[] = [];
  const startShutdown = () => {
    for (let k = 0; k < 2; k++) {
      shutdowns.push(Promise.resolve(p.shutdown()).then(() => {
        resolvedCalls++;
        if (overAtShutdown < 0) overAtShutdown = over;
      }));
    }
  };
  const submitter = async (index: number) => {
    const mine: H[] = [];
    for (let i = 0; i < jobsEach; i++) {
      if (index === 0 && i === Math.floor(jobsEach / 2)) startShutdown();
      const h: H = { ran: 0, kind: Math.floor(rand() * 10), value: { n: all.length }, cancelled: false };
      const turns = Math.floor(rand() * 4);
      const fn = (): Promise<unknown> => {
        h.ran++;
        activeNow++;
        maxActiveNow = Math.max(maxActiveNow, activeNow);
        if (h.kind === 9) { activeNow--; over++; h.produced = new JobPanic("hammer panic"); throw h.produced; }
        return (async () => {
          for (let k = 0; k < turns; k++) await (k % 2 === 0 ? Promise.resolve() : turn());
          activeNow--;
          over++;
          if (h.kind >= 7) { h.produced = new JobError("hammer failure"); throw h.produced; }
          return h.value;
        })();
      };
      t.attempts++;
      try {
        h.s = p.submit(fn);
        t.accepted++;
        all.push(h);
        mine.push(h);
        h.s.result.then((v) => { h.settled = { ok: true, v }; }, (e) => { h.settled = { ok: false, v: e }; });
      } catch (error) {
        if (error instanceof QueueFullError) t.rejectedFull++;
        else if (error instanceof ShutdownError) t.rejectedShutdown++;
        else t.otherErrors++;
      }
      if (mine.length > 0 && rand() < cancelRate) {
        const pick = mine[Math.floor(rand() * mine.length)];
        if (pick.s!.cancel()) {
          if (pick.cancelled) t.wrongResults++;
          pick.cancelled = true;
          t.cancelled++;
        }
      }
      if (p.running() > workers || p.queued() > queueSize || p.running() < 0 || p.queued() < 0) t.badCounts++;
      const gap = Math.floor(rand() * 3);
      for (let k = 0; k < gap; k++) await turn();
    }
  };
  await parallel(submitters, submitter);
  const done = await Promise.race([Promise.all(shutdowns).then(() => true), sleep(5000).then(() => false)]);
  for (let k = 0; k < 5; k++) await turn();
  let expected = 0;
  for (const h of all) {
    if (h.cancelled) {
      if (h.ran > 0) t.ranCancelled++;
      if (!h.settled || h.settled.ok || !(h.settled.v instanceof CancelledError)) t.wrongResults++;
      continue;
    }
    expected++;
    if (h.ran === 0) { t.notRun++; continue; }
    if (h.ran > 1) t.ranTwice++;
    const want = h.kind >= 7 ? { ok: false, v: h.produced } : { ok: true, v: h.value };
    if (!h.settled || h.settled.ok !== want.ok || h.settled.v !== want.v) t.wrongResults++;
  }
  return {
    ...t, maxActive: maxActiveNow, overAtShutdown, expectedAtShutdown: expected, shutdownReturned: done && resolvedCalls === 2,
    runningAfter: p.running(), queuedAfter: p.queued(),
  };
}

// refill: each loop has at most one job in the pool, so a submit right after its result settled always
// has room; rejected counts the submits refused although the place should have been free.
async function refill(req: Request): Promise<Reply> {
  const loops = 4;
  const rounds = Number(req.rounds ?? 1000);
  const p = new WorkerPool<unknown>({ workers: loops, queueSize: 0 });
  const t = { rejected: 0, firstRejected: -1, other: 0 };
  await Promise.all(Array.from({ length: loops }, async () => {
    for (let round = 0; round < rounds; round++) {
      let s: Submission<unknown>;
      try {
        s = p.submit(async () => round);
      } catch (error) {
        if (!(error instanceof QueueFullError)) t.other++;
        else if (t.rejected++ === 0) t.firstRejected = round;
        continue;
      }
      await s.result.then((v) => { if (v !== round) t.other++; }, () => { t.other++; });
    }
  }));
  await p.shutdown();
  return t;
}

await serve({
  new: newPool,
  submit,
  finish,
  result,
  cancel: (req) => {
    const job = jobs.get(String(req.job));
    if (!job?.submission) return { error: "unknown-job", job: req.job };
    return { cancelled: job.submission.cancel() };
  },
  shutdown,
  snapshot: watch,
  hammer,
  refill,
});
