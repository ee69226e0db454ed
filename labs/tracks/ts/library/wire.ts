// Provided by the TypeScript track: do not edit. The wire every library lab's driver.ts speaks.
//
// The grader writes one JSON request per line on stdin, {"id": <number>, "op": <name>, ...fields}, and
// reads one JSON reply per line on stdout, {"id": <the same number>, ...}. Requests are handled one at a
// time, in the order they arrive; an operation may answer later (see `later`), and then the next request
// is read at once. Replies the wire itself gives:
//   a line that is not a JSON object with a numeric id and a string op -> {id, error:"bad-request", message}
//     (id is null when the line has none)
//   an op the driver does not know                                    -> {id, error:"unknown-op", op}
//   anything an operation throws                                      -> {id, error:"exception", message}
//     (or what the driver's `failure` makes of it: a lab's own error codes)
//   {"op":"__operations"}                                             -> {id, operations:[the table's names, sorted]}
//     (the grader's tests compare it with the lab's operations.yaml)
// stdout carries replies only: log with console.error.
import { createInterface } from "node:readline";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export type Request = { id: number; op: string; [field: string]: unknown };
export type Reply = Record<string, unknown>;

const LATER = Symbol("answered later");
/** An answer the wire sends when its promise settles, while the next requests are already handled. */
export interface Later { [LATER]: Promise<Reply> }
export type Operation = (req: Request) => Reply | Later | Promise<Reply | Later>;

/** Answers this request once `reply` settles (a rejection becomes the "exception" reply). */
export function later(reply: Promise<Reply>): Later {
  return { [LATER]: reply };
}

export function send(reply: Reply & { id: number | null }): void {
  process.stdout.write(JSON.stringify(reply) + "\n");
}

/** What a thrown value says, for an "exception" reply. */
export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Lets every other ready task (timers aside) run once: the point where interleavings happen. */
export function turn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** Starts `count` workers at once and waits for them all: worker w gets its index. */
export function parallel<T>(count: number, worker: (w: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, w) => worker(w)));
}

/** A seeded random source (mulberry32): numbers in [0, 1), the same sequence for the same seed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Virtual time in milliseconds since the epoch: it moves only when the driver moves it. */
export class VirtualClock {
  static readonly START = 1_700_000_000_000;
  private ms = VirtualClock.START;
  /** The clock the learner's code reads. */
  readonly now = (): number => this.ms;
  /** Moves the clock forward by `ms` and returns how far it is from the start. */
  advance(ms: number): number {
    this.ms += ms;
    return this.ms - VirtualClock.START;
  }
  set(ms: number): void {
    this.ms = ms;
  }
}

let gc: (() => void) | undefined;

/** A full garbage collection, so memory figures count only what is still reachable. */
export function collectGarbage(): void {
  if (!gc) {
    // The run command passes no flags: gc is exposed here, at run time, once.
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}

type Refusal = { id: number | null; error: "bad-request"; message: string };

/** The request on a line, or the refusal the wire answers it with. */
function parse(line: string): { req: Request } | { refusal: Refusal } {
  const refuse = (id: number | null, why: string) => ({ refusal: { id, error: "bad-request", message: why } as Refusal });
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return refuse(null, `not JSON: ${message(error)}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return refuse(null, "not a JSON object");
  const { id, op } = value as Partial<Request>;
  if (typeof id !== "number") return refuse(null, 'no numeric "id"');
  if (typeof op !== "string") return refuse(id, 'no string "op"');
  return { req: value as Request };
}

/** The reply for a thrown value when the driver gives no `failure` of its own. */
export function exception(error: unknown): Reply {
  return { error: "exception", message: message(error) };
}

/** The op the wire answers itself with the names of the driver's operations. */
const LIST_OPERATIONS = "__operations";

async function answer(req: Request, operations: Record<string, Operation>, failure: (error: unknown) => Reply): Promise<void> {
  if (req.op === LIST_OPERATIONS) return send({ id: req.id, operations: Object.keys(operations).sort() });
  if (!Object.hasOwn(operations, req.op)) return send({ id: req.id, error: "unknown-op", op: req.op });
  let reply: Reply | Later;
  try {
    reply = await operations[req.op](req);
  } catch (error) {
    return send({ id: req.id, ...failure(error) });
  }
  if (!(LATER in reply)) return send({ id: req.id, ...reply });
  (reply as Later)[LATER].then(
    (value) => send({ id: req.id, ...value }),
    (error: unknown) => send({ id: req.id, ...failure(error) }),
  );
}

/**
 * Answers every request on stdin with the operation of its name, in order, until stdin closes. `failure`
 * turns what an operation throws into its reply (default: the "exception" reply).
 */
export async function serve(operations: Record<string, Operation>, failure: (error: unknown) => Reply = exception): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const parsed = parse(line);
    if ("refusal" in parsed) send(parsed.refusal);
    else await answer(parsed.req, operations, failure);
  }
}
