// The reference model: what the contract's retry does with a scripted fn, random source and clock,
// replying exactly as the provided drivers do (fields a track may add, such as Go's "result", aside).
import type { Reply } from '../../../src/grader/api.js';

export type Outcome = 'ok' | 'fail' | 'fatal';
export interface Step { outcome: Outcome; ms?: number }
export interface PolicySpec { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; deadlineMs?: number; predicate?: boolean }
export interface Task { script: Step[]; randoms?: number[]; cancelDuringSleep?: number; cancelAtStart?: boolean }
export interface Scenario extends Task { policy: PolicySpec }

/** min(maxDelay, base × 2^(n−1)): the most the delay after a failure of attempt n may be. */
export const capFor = (attempt: number, policy: PolicySpec): number =>
  Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));

/** The reply the driver gives for `retry` when the learner's code follows the contract. */
export function simulate(s: Scenario): Reply {
  const { policy } = s;
  const maxAttempts = Math.max(1, policy.maxAttempts);
  const deadline = policy.deadlineMs ? policy.deadlineMs : undefined;
  let now = 0;
  let randomCalls = 0;
  const calls: Reply[] = [];
  const sleeps: Reply[] = [];
  const onRetry: Reply[] = [];
  const delaysMs: number[] = [];
  const trace = () => ({ calls, sleeps, onRetry, randomCalls, elapsed: now });
  for (let attempt = 1; ; attempt++) {
    if (s.cancelAtStart || (s.cancelDuringSleep !== undefined && s.cancelDuringSleep >= 1 && sleeps.length >= s.cancelDuringSleep)) {
      return { outcome: 'cancelled', same: true, ...trace() };
    }
    calls.push({ attempt, at: now });
    const step = s.script[attempt - 1] ?? { outcome: 'fail' };
    now += step.ms ?? 0;
    if (step.outcome === 'ok') return { outcome: 'ok', value: `v${attempt}`, attempts: attempt, delaysMs, ...trace() };
    if (step.outcome === 'fatal' && policy.predicate) return { outcome: 'not-retryable', same: true, attempt, ...trace() };
    if (attempt >= maxAttempts) return { outcome: 'retry-error', reason: 'exhausted', attempts: attempt, delaysMs, lastErrorSame: true, ...trace() };
    const r = s.randoms?.[randomCalls] ?? 0.5;
    randomCalls++;
    const delayMs = r * capFor(attempt, policy);
    if (deadline !== undefined && now + delayMs >= deadline) {
      return { outcome: 'retry-error', reason: 'deadline', attempts: attempt, delaysMs, lastErrorSame: true, ...trace() };
    }
    onRetry.push({ attempt, delayMs, errorSame: true });
    delaysMs.push(delayMs);
    sleeps.push({ ms: delayMs, at: now });
    now += delayMs;
  }
}
