// Your circuit breaker. The contract is in README.md; driver.ts (provided, do not edit) calls it.

export type State = "closed" | "half-open" | "open";

export interface Counts {
  requests: number;
  totalSuccesses: number;
  totalFailures: number;
  consecutiveSuccesses: number;
  consecutiveFailures: number;
}

export interface Clock {
  now(): number; // milliseconds
}

export interface Settings {
  maxRequests?: number; // requests allowed through while half-open; 0 or absent means 1
  interval?: number; // ms; while closed, counts are cleared every interval; 0 or absent: never
  timeout?: number; // ms an open breaker waits before half-open; 0 or absent means 60000
  readyToTrip?: (counts: Counts) => boolean; // absent: consecutiveFailures > 5
  onStateChange?: (from: State, to: State) => void;
  clock?: Clock; // absent: the real clock
}

export class OpenStateError extends Error {}

export class TooManyRequestsError extends Error {}

export class CircuitBreaker {
  constructor(settings: Settings = {}) {
    // TODO: keep the settings (with their defaults) and start the first generation, closed.
    void settings;
  }

  state(): State {
    // TODO: the current state, after whatever the clock has decided (an open breaker past its timeout is half-open).
    return "closed";
  }

  counts(): Counts {
    // TODO: a copy of the current generation's counts.
    return { requests: 0, totalSuccesses: 0, totalFailures: 0, consecutiveSuccesses: 0, consecutiveFailures: 0 };
  }

  async execute<T>(fn: () => Promise<T>): Promise<T> {
    // TODO: reject at once when open or when half-open has let maxRequests calls through; otherwise
    // count the request, run fn without holding anything, and count its success or failure.
    void fn;
    throw new Error("not implemented: CircuitBreaker.execute");
  }
}
