// Your retry loop. The contract is in README.md; driver.ts (provided, do not edit) calls it.

export interface Clock {
  now(): number; // milliseconds
}

export interface RetryInfo {
  attempt: number; // the attempt that just failed
  delayMs: number; // the sleep that follows
  error: unknown; // the error that attempt produced
}

export interface RetryPolicy {
  maxAttempts: number; // attempts in all, the first included; below 1 means 1
  baseDelayMs: number; // the cap before the 2nd attempt; it doubles after each failure
  maxDelayMs: number; // no delay is ever longer than this
  deadlineMs?: number; // budget from the moment retry() is called; absent or 0: none
  isRetryable?: (error: unknown) => boolean; // absent: every error is retryable
  onRetry?: (info: RetryInfo) => void; // called once before each sleep
  random?: () => number; // a float in [0, 1); absent: Math.random
  sleep?: (ms: number) => Promise<void>; // absent: a real timer
  clock?: Clock; // absent: Date.now
  signal?: AbortSignal; // absent: never cancelled
}

export interface RetryResult<T> {
  value: T;
  attempts: number; // calls made to fn
  delaysMs: number[]; // every delay slept, in order
}

export type GiveUpReason = "exhausted" | "deadline";

export class RetryError extends Error {
  readonly reason: GiveUpReason;
  readonly attempts: number;
  readonly delaysMs: number[];
  readonly lastError: unknown;

  constructor(reason: GiveUpReason, attempts: number, delaysMs: number[], lastError: unknown) {
    super(`gave up after ${attempts} attempt(s) (${reason}): ${lastError instanceof Error ? lastError.message : String(lastError)}`, { cause: lastError });
    this.name = "RetryError";
    this.reason = reason;
    this.attempts = attempts;
    this.delaysMs = delaysMs;
    this.lastError = lastError;
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** min(maxDelayMs, baseDelayMs × 2^(attempt−1)), without overflow: 2 ** n is a float, never wraps. */
export function capFor(attempt: number, policy: RetryPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<RetryResult<T>> {
  const maxAttempts = Math.max(1, policy.maxAttempts);
  const random = policy.random ?? Math.random;
  const sleep = policy.sleep ?? realSleep;
  const clock = policy.clock ?? { now: () => Date.now() };
  const deadline = policy.deadlineMs ? clock.now() + policy.deadlineMs : undefined;
  const delaysMs: number[] = [];
  for (let attempt = 1; ; attempt++) {
    if (policy.signal?.aborted) throw policy.signal.reason;
    let error: unknown;
    try {
      const value = await fn(attempt);
      return { value, attempts: attempt, delaysMs };
    } catch (caught) {
      error = caught;
    }
    if (policy.isRetryable && !policy.isRetryable(error)) throw error;
    if (attempt >= maxAttempts) throw new RetryError("exhausted", attempt, delaysMs, error);
    const delayMs = random() * capFor(attempt, policy);
    if (deadline !== undefined && clock.now() + delayMs >= deadline) throw new RetryError("deadline", attempt, delaysMs, error);
    policy.onRetry?.({ attempt, delayMs, error });
    delaysMs.push(delayMs);
    await sleep(delayMs);
  }
}
