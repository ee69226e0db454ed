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

export async function retry<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<RetryResult<T>> {
  // TODO: call fn(1), fn(2) … until one succeeds, an error is not retryable, maxAttempts calls have
  // been made, or the next sleep would reach the deadline. Between attempts: delay = random() × cap,
  // cap = min(maxDelayMs, baseDelayMs × 2^(n−1)); onRetry, then sleep(delay).
  void fn;
  void policy;
  throw new Error("not implemented: retry");
}
