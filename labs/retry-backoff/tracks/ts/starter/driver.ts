// Provided driver: do not edit. The grader talks to your retry through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". Nothing here waits on real time: each retry
// gets its own virtual clock (starting at 0 ms), which moves only when an attempt takes time or when
// your code calls the sleep the driver gives it.
//   retry {policy, script, randoms?, cancelDuringSleep?, cancelAtStart?}
//       policy: {maxAttempts, baseDelayMs, maxDelayMs, deadlineMs?, predicate?}
//         predicate true: isRetryable is given (false for "fatal" errors, true otherwise);
//         absent: isRetryable is not given. onRetry, random, sleep and clock are always given
//         (random is left out in hammer's defaultRandom mode).
//       script: what attempt k does, [{outcome:"ok"|"fail"|"fatal", ms?}]: "ok" resolves with "v<k>",
//         "fail" rejects with a retryable error, "fatal" with an error isRetryable rejects; ms: how long
//         the attempt takes (the clock moves by it). An attempt past the script fails ("fail", 0 ms).
//       randoms: what random() returns, call after call (0.5 once they run out).
//       cancelDuringSleep k: the signal is aborted during the k-th sleep.
//       cancelAtStart true: the signal is already aborted when retry is called.
//     -> {outcome, ...the trace}, outcome one of
//          "ok"             value, attempts, delaysMs          (the RetryResult)
//          "retry-error"    reason, attempts, delaysMs, lastErrorSame
//          "not-retryable" | "fn-error"   same, attempt        (an error fn produced, passed on)
//          "cancelled"      same                               (the signal's reason)
//          "exception"      message                            (anything else)
//          "runaway"        more than 500 attempts or sleeps: the retry was abandoned
//        the trace: calls [{attempt, at}] (the number fn got, and when), sleeps [{ms, at}],
//        onRetry [{attempt, delayMs, errorSame}], randomCalls, elapsed (the clock at the end).
//   hammer {policy, tasks:[{script, randoms?}], defaultRandom?}
//       runs every task as its own retry, all at the same time, interleaved: sleeps and attempts
//       yield to the event loop. defaultRandom: random is left out of the policy (Math.random).
//     -> {results:[...one reply as for retry, per task, in order]}
// The wire (wire.ts) answers an unknown op, a malformed line, and anything your code throws.
// stdout carries replies only: log with console.error.
import { RetryError, retry, type RetryPolicy } from "./retry.ts";
import { message, parallel, serve, turn, type Reply, type Request } from "./wire.ts";

type Outcome = "ok" | "fail" | "fatal";
interface Step { outcome: Outcome; ms?: number }
interface PolicySpec { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; deadlineMs?: number; predicate?: boolean }
interface Task { script: Step[]; randoms?: number[]; cancelDuringSleep?: number; cancelAtStart?: boolean }

const RUNAWAY = 500;

class RetryableFailure extends Error {}
class FatalFailure extends Error {}
class Cancelled extends Error {}

async function runTask(spec: PolicySpec, task: Task, defaultRandom: boolean): Promise<Reply> {
  let now = 0;
  const calls: { attempt: unknown; at: number }[] = [];
  const produced: unknown[] = [];
  const sleeps: { ms: unknown; at: number }[] = [];
  const onRetry: { attempt: unknown; delayMs: unknown; errorSame: boolean }[] = [];
  let randomCalls = 0;
  const controller = new AbortController();
  const reason = new Cancelled("cancelled by the caller");
  let abandon: () => void = () => undefined;
  const runaway = new Promise<"runaway">((resolve) => { abandon = () => resolve("runaway"); });

  const policy: RetryPolicy = {
    maxAttempts: spec.maxAttempts,
    baseDelayMs: spec.baseDelayMs,
    maxDelayMs: spec.maxDelayMs,
    clock: { now: () => now },
    signal: controller.signal,
    onRetry: (info) => {
      const index = typeof info.attempt === "number" ? info.attempt - 1 : -1;
      onRetry.push({ attempt: info.attempt, delayMs: info.delayMs, errorSame: index >= 0 && produced[index] === info.error });
    },
    sleep: async (ms: number) => {
      sleeps.push({ ms, at: now });
      if (sleeps.length === task.cancelDuringSleep) controller.abort(reason);
      if (sleeps.length > RUNAWAY) { abandon(); return new Promise<void>(() => undefined); }
      if (typeof ms === "number" && Number.isFinite(ms)) now += ms;
      await turn();
    },
  };
  if (spec.deadlineMs !== undefined) policy.deadlineMs = spec.deadlineMs;
  if (task.cancelAtStart === true) controller.abort(reason);
  if (spec.predicate) policy.isRetryable = (error) => !(error instanceof FatalFailure);
  if (!defaultRandom) {
    policy.random = () => {
      const value = task.randoms?.[randomCalls] ?? 0.5;
      randomCalls++;
      return value;
    };
  }
  const fn = async (attempt: number): Promise<string> => {
    calls.push({ attempt, at: now });
    const k = calls.length;
    if (k > RUNAWAY) { abandon(); return new Promise<string>(() => undefined); }
    const step: Step = task.script[k - 1] ?? { outcome: "fail" };
    now += step.ms ?? 0;
    await turn();
    if (step.outcome === "ok") { produced.push(undefined); return `v${k}`; }
    const error = step.outcome === "fatal" ? new FatalFailure(`attempt ${k}: not retryable`) : new RetryableFailure(`attempt ${k}: failed`);
    produced.push(error);
    throw error;
  };

  const trace = () => ({ calls, sleeps, onRetry, randomCalls, elapsed: now });
  let settled: unknown;
  try {
    settled = await Promise.race([retry(fn, policy), runaway]);
  } catch (error) {
    if (error instanceof RetryError) {
      const last = produced[produced.length - 1];
      return { outcome: "retry-error", reason: error.reason, attempts: error.attempts, delaysMs: error.delaysMs,
        lastErrorSame: last !== undefined && error.lastError === last, ...trace() };
    }
    if (error === reason) return { outcome: "cancelled", same: true, ...trace() };
    if (error instanceof Cancelled) return { outcome: "cancelled", same: false, ...trace() };
    const index = produced.indexOf(error);
    if (index >= 0) {
      return { outcome: error instanceof FatalFailure ? "not-retryable" : "fn-error", same: true, attempt: index + 1, ...trace() };
    }
    if (error instanceof FatalFailure || error instanceof RetryableFailure) {
      return { outcome: error instanceof FatalFailure ? "not-retryable" : "fn-error", same: false, message: error.message, ...trace() };
    }
    return { outcome: "exception", message: message(error), ...trace() };
  }
  if (settled === "runaway") return { outcome: "runaway", ...trace() };
  const result = (settled ?? {}) as { value?: unknown; attempts?: unknown; delaysMs?: unknown };
  return { outcome: "ok", value: result.value ?? null, attempts: result.attempts ?? null, delaysMs: result.delaysMs ?? null, ...trace() };
}

function policyOf(raw: unknown): PolicySpec {
  if (raw === null || typeof raw !== "object") throw new Error("policy missing");
  return raw as PolicySpec;
}

await serve({
  retry: (req: Request) => runTask(policyOf(req.policy), {
    script: (req.script ?? []) as Step[],
    randoms: req.randoms as number[] | undefined,
    cancelDuringSleep: req.cancelDuringSleep as number | undefined,
    cancelAtStart: req.cancelAtStart === true,
  }, false),
  hammer: async (req: Request) => {
    const spec = policyOf(req.policy);
    const tasks = (req.tasks ?? []) as Task[];
    return { results: await parallel(tasks.length, (t) => runTask(spec, tasks[t], req.defaultRandom === true)) };
  },
});
