// Provided driver: do not edit. The grader talks to your orchestrator through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". The driver owns the saga log (the durable
// store) and scripted steps. The log and the journal of stub calls are files in the working folder,
// one JSON object per line, written before append (or the stub) returns, so they outlive the
// process: saga-log.jsonl, saga-journal.jsonl, and saga-settings.json (maxCompensationAttempts).
// On start the driver reads them back and builds your Orchestrator over that log: a restarted
// process sees everything the previous one stored, and nothing else (module-level state is gone).
//
// A script step is {name, action:"ok"|"fail", compensationFailures?:n}: the action resolves or
// rejects; the compensation rejects on its first n calls for that saga and step (counted from the
// journal, so across restarts), then resolves. Every stub call goes to the journal with logged:
// whether the saga's last log entry at that moment was the matching "-started" entry.
//   new {maxCompensationAttempts}  -> {ok:true}   empties the log and journal, a new orchestrator
//   run {saga, steps:[script step...], crash?:{at:"append"|"action"|"compensation", n}}
//       Calls run(saga, steps). With crash, the process exits with code 75 (no reply) at the n-th
//       append of this request (right after the entry is stored), or during the n-th action /
//       compensation call (right after its effect is journaled). The grader then starts the
//       program again and calls run with the same steps to resume the saga.
//       -> {outcome} | {error:"already-running"} | {error:"exception", message}
//   log {saga}      -> {entries:[{saga, type, step, attempt}, ...]}   (as stored)
//   journal {saga}  -> {calls:[{kind:"action"|"compensation", step, ok, logged}, ...]}
//   hammer {maxCompensationAttempts, sagas:[{saga, steps}]}
//       A separate log and journal in memory and a fresh orchestrator; runs every saga at once (all
//       promises pending together; stubs settle after 0-4 event-loop turns).
//       -> {outcomes:{saga: outcome|error}, logs:{saga: entries}, journals:{saga: calls}}
//   duplicate {saga, steps}
//       On the current orchestrator: starts run(saga) with its first action held, calls run(saga)
//       again while it is held and, once that call has settled, a third time, then lets the first go on.
//       -> {first: outcome|error, second: outcome|error, secondSettledWhileHeld,
//           third: outcome|error ("not-called" when the second had not settled), thirdSettledWhileHeld}
//   errors are "already-running" or "exception: <message>" inside hammer and duplicate.
//   info            -> {language:"ts"}   (a restart costs a Node start; the grader sizes its crashes by it)
// The wire (wire.ts) answers an unknown op, a malformed line, and anything your code throws.
// stdout carries replies only: log with console.error.
import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { AlreadyRunningError, Orchestrator, type LogEntry, type SagaLog, type Step } from "./saga.ts";
import { message, serve, type Request } from "./wire.ts";
type ScriptStep = { name: string; action: "ok" | "fail"; compensationFailures?: number };
type Crash = { at: "append" | "action" | "compensation"; n: number };
type Call = { kind: "action" | "compensation"; step: number; ok: boolean; logged: boolean };

const LOG_FILE = "saga-log.jsonl";
const JOURNAL_FILE = "saga-journal.jsonl";
const SETTINGS_FILE = "saga-settings.json";
/** The exit code of an injected crash: the grader expects exactly this one. */
const CRASH_EXIT_CODE = 75;

const turns = (n: number) => new Promise<void>((resolve) => {
  const next = (left: number) => (left <= 0 ? resolve() : setImmediate(() => next(left - 1)));
  next(n);
});

/** A log and a journal; `hammer` keeps them in memory, the rest of the driver in files (below). */
class Store {
  protected readonly log: LogEntry[] = [];
  protected readonly journal = new Map<string, Call[]>();
  constructor(readonly max: number) {}
  entries(saga: string): LogEntry[] { return this.log.filter((e) => e.saga === saga).map((e) => ({ ...e })); }
  calls(saga: string): Call[] { return (this.journal.get(saga) ?? []).map((c) => ({ ...c })); }
  appendEntry(e: LogEntry): void { this.log.push(e); }
  appendCall(saga: string, c: Call): void { this.remember(saga, c); }
  protected remember(saga: string, c: Call): void {
    const list = this.journal.get(saga);
    if (list) list.push(c); else this.journal.set(saga, [c]);
  }
}

/** Reads a JSON-lines file; a last line cut short (a crash in the middle of a write) is not an entry. */
function readLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  const out: T[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "") continue;
    try { out.push(JSON.parse(line) as T); } catch { break; }
  }
  return out;
}

/**
 * The durable store: every entry and call is written to its file (one write(2), no buffering in this
 * process) before the append returns, so a process that exits right after keeps it. A crash of the
 * process, not of the machine, is what the checks inject, so the kernel's copy is enough (no fsync).
 */
class FileStore extends Store {
  static open(): FileStore {
    const settings = existsSync(SETTINGS_FILE) ? JSON.parse(readFileSync(SETTINGS_FILE, "utf8")) as { max: number } : { max: 3 };
    const store = new FileStore(settings.max);
    for (const e of readLines<LogEntry>(LOG_FILE)) store.log.push(e);
    for (const { saga, ...call } of readLines<Call & { saga: string }>(JOURNAL_FILE)) store.remember(saga, call);
    return store;
  }
  static reset(max: number): FileStore {
    writeFileSync(SETTINGS_FILE, JSON.stringify({ max }));
    writeFileSync(LOG_FILE, "");
    writeFileSync(JOURNAL_FILE, "");
    return new FileStore(max);
  }
  get size(): { entries: number; calls: number } {
    let calls = 0;
    for (const list of this.journal.values()) calls += list.length;
    return { entries: this.log.length, calls };
  }
  override appendEntry(e: LogEntry): void {
    const stored = { saga: e.saga, type: e.type, step: e.step, attempt: e.attempt };
    writeLine(LOG_FILE, stored);
    super.appendEntry(stored);
  }
  override appendCall(saga: string, c: Call): void {
    writeLine(JOURNAL_FILE, { saga, ...c });
    super.appendCall(saga, c);
  }
}

function writeLine(file: string, value: unknown): void {
  const fd = openSync(file, "a");
  try { writeSync(fd, JSON.stringify(value) + "\n"); } finally { closeSync(fd); }
}

/** The orchestrator over a store, with the stubs and the crash point of the current request. */
class Harness {
  appends = 0; actions = 0; compensations = 0;
  crash?: Crash;
  readonly orchestrator: Orchestrator;
  constructor(readonly store: Store, readonly spread: boolean) {
    const log: SagaLog = {
      append: (entry: LogEntry) => {
        this.store.appendEntry(entry);
        this.tick("append");
      },
      entries: (saga: string) => this.store.entries(saga),
    };
    this.orchestrator = new Orchestrator(log, { maxCompensationAttempts: store.max });
  }

  /** Counts an event; at the crash point the process exits at once, as if it had been killed. */
  private tick(kind: Crash["at"]): void {
    const n = kind === "append" ? ++this.appends : kind === "action" ? ++this.actions : ++this.compensations;
    if (this.crash?.at === kind && this.crash.n === n) {
      console.error(`driver: injected crash at the ${kind} number ${n} of this run; exiting with code ${CRASH_EXIT_CODE}`);
      process.exit(CRASH_EXIT_CODE);
    }
  }

  steps(saga: string, script: ScriptStep[], hold?: Promise<void>): Step[] {
    return script.map((s, i) => ({
      name: s.name,
      action: async () => {
        if (hold && i === 0) await hold;
        const ok = s.action === "ok";
        this.store.appendCall(saga, { kind: "action", step: i, ok, logged: this.lastIs(saga, "step-started", i) });
        this.tick("action");
        if (this.spread) await turns((saga.length + i * 3) % 5);
        if (!ok) throw new Error(`${s.name} failed`);
      },
      compensate: async () => {
        const before = this.store.calls(saga).filter((c) => c.kind === "compensation" && c.step === i).length;
        const ok = before >= (s.compensationFailures ?? 0);
        this.store.appendCall(saga, { kind: "compensation", step: i, ok, logged: this.lastIs(saga, "compensation-started", i) });
        this.tick("compensation");
        if (this.spread) await turns((saga.length + i) % 4);
        if (!ok) throw new Error(`compensation of ${s.name} failed`);
      },
    }));
  }

  private lastIs(saga: string, type: string, step: number): boolean {
    const mine = this.store.entries(saga);
    const last = mine[mine.length - 1];
    return last !== undefined && last.type === type && last.step === step;
  }
}

const opened = FileStore.open();
if (opened.size.entries > 0 || opened.size.calls > 0) {
  console.error(`driver: started over the stored log (${opened.size.entries} entries) and journal (${opened.size.calls} calls)`);
}
let harness = new Harness(opened, false);

const describe = (error: unknown): string =>
  error instanceof AlreadyRunningError ? "already-running" : `exception: ${message(error)}`;

async function runOne(h: Harness, saga: string, script: ScriptStep[]): Promise<string> {
  try { return await h.orchestrator.run(saga, h.steps(saga, script)); } catch (error) { return describe(error); }
}

await serve({
  new: (req) => {
    harness = new Harness(FileStore.reset(Number(req.maxCompensationAttempts)), false);
    return { ok: true };
  },
  run: async (req) => {
    const saga = String(req.saga);
    const h = harness;
    h.appends = 0; h.actions = 0; h.compensations = 0;
    h.crash = req.crash as Crash | undefined;
    try {
      return { outcome: await h.orchestrator.run(saga, h.steps(saga, req.steps as ScriptStep[])) };
    } catch (error) {
      if (error instanceof AlreadyRunningError) return { error: "already-running" };
      return { error: "exception", message: message(error) };
    } finally {
      h.crash = undefined;
    }
  },
  log: (req) => ({ entries: harness.store.entries(String(req.saga)) }),
  journal: (req) => ({ calls: harness.store.calls(String(req.saga)) }),
  hammer: async (req) => {
    const store = new Store(Number(req.maxCompensationAttempts));
    const h = new Harness(store, true);
    const sagas = req.sagas as { saga: string; steps: ScriptStep[] }[];
    const results = await Promise.all(sagas.map((s) => runOne(h, s.saga, s.steps)));
    const outcomes: Record<string, string> = {};
    const logs: Record<string, LogEntry[]> = {};
    const journals: Record<string, Call[]> = {};
    sagas.forEach((s, i) => { outcomes[s.saga] = results[i]; logs[s.saga] = store.entries(s.saga); journals[s.saga] = store.calls(s.saga); });
    return { outcomes, logs, journals };
  },
  duplicate: async (req: Request) => {
    const saga = String(req.saga);
    const h = harness;
    let release: () => void = () => undefined;
    const hold = new Promise<void>((resolve) => { release = resolve; });
    const first = (async () => {
      try { return await h.orchestrator.run(saga, h.steps(saga, req.steps as ScriptStep[], hold)); } catch (e) { return describe(e); }
    })();
    await turns(2);
    const again = async () => {
      const run = runOne(h, saga, req.steps as ScriptStep[]);
      return { run, early: await Promise.race([run.then(() => true), turns(20).then(() => false)]) };
    };
    const second = await again();
    // A refused duplicate must leave the running mark in place: a third call is refused too.
    const third = second.early ? await again() : undefined;
    release();
    const [a, b, c] = await Promise.all([first, second.run, third?.run ?? "not-called"]);
    return { first: a, second: b, secondSettledWhileHeld: second.early, third: c, thirdSettledWhileHeld: third?.early ?? false };
  },
  info: () => ({ language: "ts" }),
});
