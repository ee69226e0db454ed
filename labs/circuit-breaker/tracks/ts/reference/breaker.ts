// A circuit breaker after the design of sony/gobreaker: closed, open and half-open states, and
// generations, so that the result of a call that began before a state change (or before the closed
// state's counts were cleared) is ignored.

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
  maxRequests?: number;
  interval?: number;
  timeout?: number;
  readyToTrip?: (counts: Counts) => boolean;
  onStateChange?: (from: State, to: State) => void;
  clock?: Clock;
}

export class OpenStateError extends Error {
  constructor() {
    super("circuit breaker is open");
    this.name = "OpenStateError";
  }
}

export class TooManyRequestsError extends Error {
  constructor() {
    super("too many requests while the circuit breaker is half-open");
    this.name = "TooManyRequestsError";
  }
}

const DEFAULT_TIMEOUT_MS = 60_000;
const realClock: Clock = { now: () => Date.now() };
const zeroCounts = (): Counts => ({
  requests: 0, totalSuccesses: 0, totalFailures: 0, consecutiveSuccesses: 0, consecutiveFailures: 0,
});

export class CircuitBreaker {
  readonly #maxRequests: number;
  readonly #interval: number;
  readonly #timeout: number;
  readonly #readyToTrip: (counts: Counts) => boolean;
  readonly #onStateChange: ((from: State, to: State) => void) | undefined;
  readonly #clock: Clock;

  #state: State = "closed";
  #generation = 0;
  #counts: Counts = zeroCounts();
  /** When the current generation ends by time: closed with an interval, or open; undefined otherwise. */
  #expiry: number | undefined;

  constructor(settings: Settings = {}) {
    this.#maxRequests = settings.maxRequests || 1;
    this.#interval = settings.interval || 0;
    this.#timeout = settings.timeout || DEFAULT_TIMEOUT_MS;
    this.#readyToTrip = settings.readyToTrip ?? ((counts) => counts.consecutiveFailures > 5);
    this.#onStateChange = settings.onStateChange;
    this.#clock = settings.clock ?? realClock;
    this.#newGeneration(this.#clock.now());
  }

  state(): State {
    return this.#current(this.#clock.now());
  }

  counts(): Counts {
    return { ...this.#counts };
  }

  async execute<T>(fn: () => Promise<T>): Promise<T> {
    const generation = this.#beforeRequest();
    let value: T;
    try {
      value = await fn();
    } catch (error) {
      this.#afterRequest(generation, false);
      throw error;
    }
    this.#afterRequest(generation, true);
    return value;
  }

  /** Lets the call through (and counts it) or throws; returns the generation the call belongs to. */
  #beforeRequest(): number {
    const state = this.#current(this.#clock.now());
    if (state === "open") throw new OpenStateError();
    if (state === "half-open" && this.#counts.requests >= this.#maxRequests) throw new TooManyRequestsError();
    this.#counts.requests++;
    return this.#generation;
  }

  #afterRequest(generation: number, success: boolean): void {
    const now = this.#clock.now();
    const state = this.#current(now);
    if (generation !== this.#generation) return; // began before a state change or a clearing: ignored
    if (success) {
      if (state === "open") return;
      this.#counts.totalSuccesses++;
      this.#counts.consecutiveSuccesses++;
      this.#counts.consecutiveFailures = 0;
      if (state === "half-open" && this.#counts.consecutiveSuccesses >= this.#maxRequests) this.#setState("closed", now);
    } else if (state === "closed") {
      this.#counts.totalFailures++;
      this.#counts.consecutiveFailures++;
      this.#counts.consecutiveSuccesses = 0;
      if (this.#readyToTrip({ ...this.#counts })) this.#setState("open", now);
    } else if (state === "half-open") {
      this.#setState("open", now);
    }
  }

  /** The state at `now`, after applying whatever time has decided since the last look. */
  #current(now: number): State {
    if (this.#expiry !== undefined && now > this.#expiry) {
      if (this.#state === "closed") this.#newGeneration(now);
      else if (this.#state === "open") this.#setState("half-open", now);
    }
    return this.#state;
  }

  #setState(to: State, now: number): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#newGeneration(now);
    this.#onStateChange?.(from, to);
  }

  #newGeneration(now: number): void {
    this.#generation++;
    this.#counts = zeroCounts();
    if (this.#state === "closed") this.#expiry = this.#interval > 0 ? now + this.#interval : undefined;
    else if (this.#state === "open") this.#expiry = now + this.#timeout;
    else this.#expiry = undefined;
  }
}
