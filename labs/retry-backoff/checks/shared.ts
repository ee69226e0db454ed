// Helpers shared by the retry-backoff stages (not a stage itself).
import { expectThat, type CheckContext, type Reply } from '../../../src/grader/api.js';
import { capFor, simulate, type PolicySpec, type Scenario, type Step } from './model.js';

/** Delays are compared to within 10 ns: Go truncates a delay to whole nanoseconds. */
const TOLERANCE_MS = 1e-5;

/** True when `received` equals `expected` on every field `expected` names, numbers to within TOLERANCE_MS. */
export function near(received: unknown, expected: unknown): boolean {
  if (typeof expected === 'number') return typeof received === 'number' && Math.abs(received - expected) <= TOLERANCE_MS;
  if (expected === null || typeof expected !== 'object') return Object.is(received, expected);
  if (Array.isArray(expected)) {
    return Array.isArray(received) && received.length === expected.length && expected.every((e, i) => near(received[i], e));
  }
  if (received === null || typeof received !== 'object' || Array.isArray(received)) return false;
  const r = received as Record<string, unknown>;
  return Object.entries(expected as Record<string, unknown>).every(([k, v]) => near(r[k], v));
}

export const fails = (n: number, ms = 0): Step[] => Array.from({ length: n }, () => ({ outcome: 'fail' as const, ms }));
export const ok = (ms = 0): Step => ({ outcome: 'ok', ms });
export const fatal = (ms = 0): Step => ({ outcome: 'fatal', ms });

const fmt = (ms: number): string => String(Math.round(ms * 1e6) / 1e6);

export function describe(s: Scenario): string {
  const p = s.policy;
  const parts = [`maxAttempts ${p.maxAttempts}`, `baseDelay ${fmt(p.baseDelayMs)} ms`, `maxDelay ${fmt(p.maxDelayMs)} ms`];
  if (p.deadlineMs !== undefined) parts.push(`deadline ${fmt(p.deadlineMs)} ms`);
  parts.push(p.predicate ? 'isRetryable given (false for "fatal")' : 'no isRetryable (every error retryable)');
  const script = s.script.map((step) => `${step.outcome}${step.ms ? `/${fmt(step.ms)}ms` : ''}`).join(', ');
  const randoms = s.randoms === undefined ? '' : `; random() returns ${s.randoms.map(fmt).join(', ')}`;
  const cancel = s.cancelAtStart ? '; cancelled before retry is called'
    : s.cancelDuringSleep === undefined ? '' : `; cancelled during sleep ${s.cancelDuringSleep}`;
  return `policy: ${parts.join(', ')}; attempts: [${script}] (then "fail")${randoms}${cancel}`;
}

export function describeEnd(e: Reply): string {
  switch (e.outcome) {
    case 'ok': return `success, value "${String(e.value)}" (attempts ${String(e.attempts)})`;
    case 'retry-error': return `a RetryError, reason "${String(e.reason)}", attempts ${String(e.attempts)}, lastError the very error of the last call`;
    case 'not-retryable': return `the very error attempt ${String(e.attempt)} produced, unchanged (isRetryable said no)`;
    case 'cancelled': return 'the cancellation, unchanged (the signal\'s reason / ctx.Err())';
    default: return String(e.outcome);
  }
}

const pick = (r: Reply, keys: string[]): Reply => Object.fromEntries(keys.filter((k) => k in r).map((k) => [k, r[k]]));
const END_KEYS = ['outcome', 'reason', 'value', 'same', 'attempt', 'lastErrorSame'];

/** Sends one scenario and returns the reply, with the scenario in the transcript. */
export async function run(ctx: CheckContext, s: Scenario): Promise<Reply> {
  ctx.note(describe(s));
  return ctx.program.call({ op: 'retry', policy: s.policy, script: s.script, randoms: s.randoms, cancelDuringSleep: s.cancelDuringSleep, cancelAtStart: s.cancelAtStart });
}

/**
 * Go returns the Result with every error too (the driver reports it as `result`; TypeScript has none beside
 * an error): its attempts are the calls made and its delays the sleeps, whatever the ending.
 */
function expectResult(received: Reply, e: Reply, why: string, compareDelays: boolean): void {
  if (!('result' in received)) return;
  const calls = (e.calls as unknown[]).length;
  const slept = (e.sleeps as { ms: number }[]).map((x) => x.ms);
  const result = (received.result ?? {}) as Reply;
  const delays = Array.isArray(result.delaysMs) ? result.delaysMs : [];
  expectThat(result.attempts === calls && (compareDelays ? near(delays, slept) : delays.length === slept.length),
    `${why}: Go returns the Result with every error too: Attempts must be ${calls} (the calls made) and Delays the ${slept.length} delay(s) slept, whatever the ending`,
    { expected: { attempts: calls, delaysMs: compareDelays ? slept : `${slept.length} delays` }, received: result });
}

/**
 * Compares a reply with the model, one aspect at a time so that the message names what went wrong:
 * the calls to fn, the sleeps, the ending, random(), onRetry, the report. `why` is the rule the check is about.
 */
export function expectAgrees(received: Reply, s: Scenario, why: string, options: { loose?: boolean } = {}): void {
  const e = simulate(s);
  if (options.loose) return expectShape(received, e, why);
  const calls = e.calls as { attempt: number; at: number }[];
  const sleeps = e.sleeps as { ms: number; at: number }[];
  expectThat(received.outcome !== 'runaway', `${why}: your retry made more than 500 attempts or sleeps (it must stop after maxAttempts calls)`);
  const gotAttempts = (Array.isArray(received.calls) ? received.calls : []).map((c) => (c as { attempt?: unknown }).attempt);
  expectThat(near(gotAttempts, calls.map((c) => c.attempt)),
    `${why}: fn must be called ${calls.length} time(s), with attempt numbers ${calls.map((c) => c.attempt).join(', ')}`,
    { expected: calls.map((c) => c.attempt), received: gotAttempts });
  expectThat(near(received.sleeps, sleeps),
    sleeps.length === 0 ? `${why}: there must be no sleep at all here`
      : `${why}: the sleeps must be ${sleeps.map((x) => `${fmt(x.ms)} ms at t=${fmt(x.at)}`).join(', ')} (delay = random() × min(maxDelay, baseDelay × 2^(n−1)); no sleep after the last attempt)`,
    { expected: sleeps, received: received.sleeps });
  expectThat(near(received.calls, calls),
    `${why}: the attempts must start at t = ${calls.map((c) => fmt(c.at)).join(', ')} ms (the first at once, each later one right after its sleep)`,
    { expected: calls, received: received.calls });
  expectThat(near(pick(received, END_KEYS), pick(e, END_KEYS)), `${why}: the retry must end with ${describeEnd(e)}`,
    { expected: pick(e, END_KEYS), received: pick(received, [...END_KEYS, 'message']) });
  expectThat(received.randomCalls === e.randomCalls, `${why}: random() must be called exactly once per delay computed (${String(e.randomCalls)} here)`,
    { expected: e.randomCalls, received: received.randomCalls });
  expectThat(near(received.onRetry, e.onRetry),
    `${why}: onRetry must be called once before each sleep, with the attempt that failed, the delay about to be slept, and that attempt's very error`,
    { expected: e.onRetry, received: received.onRetry });
  expectResult(received, e, why, true);
  if ('attempts' in e) {
    expectThat(near(pick(received, ['attempts', 'delaysMs']), pick(e, ['attempts', 'delaysMs'])),
      `${why}: the report must say attempts ${String(e.attempts)} (calls made) and list every delay slept, in order`,
      { expected: pick(e, ['attempts', 'delaysMs']), received: pick(received, ['attempts', 'delaysMs']) });
  }
}

/**
 * The first stage's comparison: which attempts were made, how many sleeps, how the retry ended and what
 * it reported, but not the delays' values (stages 2 and 3 check those) nor the times they lead to.
 */
function expectShape(received: Reply, e: Reply, why: string): void {
  const attempts = (e.calls as { attempt: number }[]).map((c) => c.attempt);
  const sleeps = (e.sleeps as unknown[]).length;
  const got = (list: unknown): unknown[] => (Array.isArray(list) ? list : []);
  expectThat(received.outcome !== 'runaway', `${why}: your retry made more than 500 attempts or sleeps (it must stop after maxAttempts calls)`);
  const gotAttempts = got(received.calls).map((c) => (c as { attempt?: unknown }).attempt);
  expectThat(near(gotAttempts, attempts), `${why}: fn must be called ${attempts.length} time(s), with attempt numbers ${attempts.join(', ')}`,
    { expected: attempts, received: gotAttempts });
  const firstSleep = got(received.sleeps)[0] as { at?: unknown } | undefined;
  const firstCallEnd = (e.calls as unknown[]).length > 0 ? ((e.sleeps as { at: number }[])[0]?.at) : undefined;
  expectThat(got(received.sleeps).length === sleeps, sleeps === 0 ? `${why}: there must be no sleep at all here`
    : `${why}: there must be exactly ${sleeps} sleep(s): one between each two attempts, none before the first, none after the last`,
  { expected: sleeps, received: got(received.sleeps).length });
  if (firstSleep && firstCallEnd !== undefined) {
    expectThat(near(firstSleep.at, firstCallEnd), `${why}: the first sleep must come after attempt 1, never before it`, { expected: firstCallEnd, received: firstSleep.at });
  }
  expectThat(near(pick(received, END_KEYS), pick(e, END_KEYS)), `${why}: the retry must end with ${describeEnd(e)}`,
    { expected: pick(e, END_KEYS), received: pick(received, [...END_KEYS, 'message']) });
  const onRetry = got(received.onRetry).map((x) => pick(x as Reply, ['attempt', 'errorSame']));
  const wantOnRetry = (e.onRetry as Reply[]).map((x) => pick(x, ['attempt', 'errorSame']));
  expectThat(near(onRetry, wantOnRetry), `${why}: onRetry must be called once before each sleep, with the attempt that failed and its very error`,
    { expected: wantOnRetry, received: onRetry });
  expectResult(received, e, why, false);
  if ('attempts' in e) {
    expectThat(received.attempts === e.attempts && got(received.delaysMs).length === sleeps,
      `${why}: the report must say attempts ${String(e.attempts)} (calls made) and list the ${sleeps} delay(s) slept`,
      { expected: { attempts: e.attempts, delays: sleeps }, received: { attempts: received.attempts, delays: got(received.delaysMs).length } });
  }
}

/** The envelope check of the backoff stage: each delay just below its cap when random() is just below 1. */
export function expectEnvelope(received: Reply, s: Scenario, why: string): void {
  const e = simulate(s);
  const expectedSleeps = (e.sleeps as unknown[]).length;
  const sleeps = (received.sleeps ?? []) as { ms: number }[];
  expectThat(received.outcome !== 'runaway', `${why}: your retry made more than 500 attempts or sleeps (it must stop after maxAttempts calls)`);
  expectThat(Array.isArray(received.calls) && received.calls.length === (e.calls as unknown[]).length && sleeps.length === expectedSleeps,
    `${why}: ${(e.calls as unknown[]).length} attempts and ${expectedSleeps} sleeps expected`,
    { expected: { calls: (e.calls as unknown[]).length, sleeps: expectedSleeps }, received: { calls: (received.calls as unknown[] | undefined)?.length, sleeps: sleeps.length } });
  const r = s.randoms?.[0] ?? 0.5;
  sleeps.forEach((sleep, i) => {
    const cap = capFor(i + 1, s.policy);
    expectThat(typeof sleep.ms === 'number' && sleep.ms <= cap + TOLERANCE_MS && sleep.ms >= cap * r - TOLERANCE_MS,
      `${why}: with random() at ${r}, the delay after attempt ${i + 1} must be just below its cap min(maxDelay, baseDelay × 2^${i}) = ${fmt(cap)} ms, never above it`,
      { expected: `between ${fmt(cap * r)} and ${fmt(cap)}`, received: sleep.ms });
  });
  const slept = sleeps.map((x) => x.ms);
  expectThat(near((received.onRetry as { delayMs: number }[] | undefined)?.map((x) => x.delayMs), slept),
    `${why}: onRetry must report each delay that is then slept`, { expected: slept, received: received.onRetry });
  expectThat(near(received.delaysMs, slept), `${why}: the report's delays must be the delays slept, in order`,
    { expected: slept, received: received.delaysMs });
}

export type { PolicySpec, Scenario };
