// Provided driver: do not edit. The grader talks to your orchestrator through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". The driver owns the saga log (the durable
// store) and scripted steps. A script step is {name, action:"ok"|"fail", compensationFailures?:n}:
// the action resolves or rejects; the compensation rejects on its first n calls for that saga and
// step (counted across crashes), then resolves. Every stub call goes to a journal with
// logged: whether the saga's last log entry at that moment was the matching "-started" entry.
//   new {maxCompensationAttempts}  -> {ok:true}   a fresh log, journal and orchestrator
//   run {saga, steps:[script step...], crash?:{at:"append"|"action"|"compensation", n}}
//       Calls run(saga, steps). With crash, the old orchestrator "dies" at the n-th append of this
//       request (right after it is stored), or during the n-th action / compensation call (after
//       its effect is journaled): from then on its appends and stub calls throw SimulatedCrash and
//       change nothing, and a new orchestrator is built over the same log (the restart).
//       -> {outcome} | {crashed:true} | {error:"already-running"} | {error:"exception", message}
//   log {saga}      -> {entries:[{saga, type, step, attempt}, ...]}
//   journal {saga}  -> {calls:[{kind:"action"|"compensation", step, ok, logged}, ...]}
//   hammer {maxCompensationAttempts, sagas:[{saga, steps}]}
//       A separate fresh log and orchestrator; runs every saga at once (all promises pending
//       together; stubs settle after 0-4 event-loop turns). -> {outcomes:{saga: outcome|error},
//       logs:{saga: entries}, journals:{saga: calls}}
//   duplicate {saga, steps}
//       On the current orchestrator: starts run(saga) with its first action held, calls run(saga)
//       again while it is held, then lets the first go on.
//       -> {first: outcome|error, second: outcome|error, secondSettledWhileHeld}
//   errors are "already-running" or "exception: <message>" inside hammer and duplicate.
// Unknown op -> {error:"unknown-op", op}; anything your code throws -> {error:"exception", message}.
// stdout carries replies only: log with console.error.
import { createInterface } from "node:readline";
import { AlreadyRunningError, Orchestrator, type LogEntry, type SagaLog, type Step } from "./saga.ts";

type Req = { id: number; op: string; [key: string]: unknown };
type Reply = Record<string, unknown>;
type ScriptStep = { name: string; action: "ok" | "fail"; compensationFailures?: number };
type Crash = { at: "append" | "action" | "compensation"; n: number };
type Call = { kind: "action" | "compensation"; step: number; ok: boolean; logged: boolean };

class SimulatedCrash extends Error {
  constructor() { super("simulated crash: this orchestrator's process is gone"); this.name = "SimulatedCrash"; }
}

const turns = (n: number) => new Promise<void>((resolve) => {
  const next = (left: number) => (left <= 0 ? resolve() : setImmediate(() => next(left - 1)));
  next(n);
});

/** One durable store: the log and the journal survive every simulated crash. */
class World {
  readonly log: LogEntry[] = [];
  readonly journal = new Map<string, Call[]>();
  constructor(readonly max: number) {}
  entries(saga: string): LogEntry[] { return this.log.filter((e) => e.saga === saga).map((e) => ({ ...e })); }
  calls(saga: string): Call[] {
    let c = this.journal.get(saga);
    if (!c) { c = []; this.journal.set(saga, c); }
    return c;
  }
}

/** The life of one orchestrator "process": after its crash everything it does throws and changes nothing. */
class Life {
  dead = false;
  appends = 0; actions = 0; compensations = 0;
  crash?: Crash;
  onCrash: () => void = () => undefined;
  readonly orchestrator: Orchestrator;
  constructor(readonly world: World, readonly spread: boolean) {
    const log: SagaLog = {
      append: (entry: LogEntry) => {
        this.check();
        this.world.log.push({ saga: entry.saga, type: entry.type, step: entry.step, attempt: entry.attempt });
        this.appends++;
        if (this.crash?.at === "append" && this.appends === this.crash.n) this.die();
      },
      entries: (saga: string) => { this.check(); return this.world.entries(saga); },
    };
    this.orchestrator = new Orchestrator(log, { maxCompensationAttempts: world.max });
  }
  check(): void { if (this.dead) throw new SimulatedCrash(); }
  die(): never { this.dead = true; this.onCrash(); throw new SimulatedCrash(); }

  steps(saga: string, script: ScriptStep[], hold?: Promise<void>): Step[] {
    return script.map((s, i) => ({
      name: s.name,
      action: async () => {
        this.check();
        if (hold && i === 0) { await hold; this.check(); }
        const ok = s.action === "ok";
        this.world.calls(saga).push({ kind: "action", step: i, ok, logged: this.lastIs(saga, "step-started", i) });
        this.actions++;
        if (this.crash?.at === "action" && this.actions === this.crash.n) this.die();
        if (this.spread) { await turns((saga.length + i * 3) % 5); this.check(); }
        if (!ok) throw new Error(`${s.name} failed`);
      },
      compensate: async () => {
        this.check();
        const calls = this.world.calls(saga);
        const before = calls.filter((c) => c.kind === "compensation" && c.step === i).length;
        const ok = before >= (s.compensationFailures ?? 0);
        calls.push({ kind: "compensation", step: i, ok, logged: this.lastIs(saga, "compensation-started", i) });
        this.compensations++;
        if (this.crash?.at === "compensation" && this.compensations === this.crash.n) this.die();
        if (this.spread) { await turns((saga.length + i) % 4); this.check(); }
        if (!ok) throw new Error(`compensation of ${s.name} failed`);
      },
    }));
  }
  private lastIs(saga: string, type: string, step: number): boolean {
    const mine = this.world.entries(saga);
    const last = mine[mine.length - 1];
    return last !== undefined && last.type === type && last.step === step;
  }
}

let world = new World(3);
let life = new Life(world, false);

const describe = (error: unknown): string =>
  error instanceof AlreadyRunningError ? "already-running" : `exception: ${error instanceof Error ? error.message : String(error)}`;

async function runOne(life: Life, saga: string, script: ScriptStep[]): Promise<string> {
  try { return await life.orchestrator.run(saga, life.steps(saga, script)); } catch (error) { return describe(error); }
}

async function handle(req: Req): Promise<Reply> {
  switch (req.op) {
    case "new": {
      world = new World(Number(req.maxCompensationAttempts));
      life = new Life(world, false);
      return { ok: true };
    }
    case "run": {
      const saga = String(req.saga);
      const current = life;
      current.appends = 0; current.actions = 0; current.compensations = 0;
      current.crash = req.crash as Crash | undefined;
      const crashed = new Promise<"crashed">((resolve) => { current.onCrash = () => resolve("crashed"); });
      const running = current.orchestrator.run(saga, current.steps(saga, req.steps as ScriptStep[]));
      running.catch(() => undefined);
      let result: string | "crashed";
      try {
        result = await Promise.race([running, crashed]);
      } catch (error) {
        if (current.dead) result = "crashed";
        else if (error instanceof AlreadyRunningError) return { error: "already-running" };
        else return { error: "exception", message: error instanceof Error ? error.message : String(error) };
      }
      current.crash = undefined;
      if (result === "crashed" || current.dead) {
        life = new Life(world, false);
        return { crashed: true };
      }
      return { outcome: result };
    }
    case "log":
      return { entries: world.entries(String(req.saga)) };
    case "journal":
      return { calls: world.calls(String(req.saga)) };
    case "hammer": {
      const w = new World(Number(req.maxCompensationAttempts));
      const l = new Life(w, true);
      const sagas = req.sagas as { saga: string; steps: ScriptStep[] }[];
      const results = await Promise.all(sagas.map((s) => runOne(l, s.saga, s.steps)));
      const outcomes: Record<string, string> = {};
      const logs: Record<string, LogEntry[]> = {};
      const journals: Record<string, Call[]> = {};
      sagas.forEach((s, i) => { outcomes[s.saga] = results[i]; logs[s.saga] = w.entries(s.saga); journals[s.saga] = w.calls(s.saga); });
      return { outcomes, logs, journals };
    }
    case "duplicate": {
      const saga = String(req.saga);
      let release: () => void = () => undefined;
      const hold = new Promise<void>((resolve) => { release = resolve; });
      const first = (async () => {
        try { return await life.orchestrator.run(saga, life.steps(saga, req.steps as ScriptStep[], hold)); } catch (e) { return describe(e); }
      })();
      await turns(2);
      const secondRun = runOne(life, saga, req.steps as ScriptStep[]);
      const early = await Promise.race([secondRun.then(() => true), turns(20).then(() => false)]);
      release();
      const [a, b] = await Promise.all([first, secondRun]);
      return { first: a, second: b, secondSettledWhileHeld: early };
    }
    default:
      return { error: "unknown-op", op: req.op };
  }
}

const rl = createInterface({ input: process.stdin });
rl.on("line", (line) => {
  if (line.trim() === "") return;
  const req = JSON.parse(line) as Req;
  handle(req).then(
    (reply) => process.stdout.write(JSON.stringify({ id: req.id, ...reply }) + "\n"),
    (error: unknown) => process.stdout.write(JSON.stringify({ id: req.id, error: "exception", message: error instanceof Error ? error.message : String(error) }) + "\n"),
  );
});
