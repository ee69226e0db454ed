// The reference model for model-based checks: the contract's breaker with an explicit clock, driven
// one operation at a time (no overlapping calls), replying exactly as the provided drivers do.
import type { Reply } from '../../../src/grader/api.js';
import { ZERO, passedThrough, type BreakerSettings, type CountsShape, type Outcome, type StateName } from './shared.js';

export class BreakerModel {
  readonly maxRequests: number;
  readonly interval: number;
  readonly timeout: number;
  private readonly readyToTrip: (c: CountsShape) => boolean;
  now = 0;
  state: StateName = 'closed';
  counts: CountsShape = { ...ZERO };
  /** When time ends the current generation (closed with an interval, or open); undefined: never. */
  expiry: number | undefined;
  transitions: [StateName, StateName][] = [];

  constructor(settings: BreakerSettings) {
    this.maxRequests = settings.maxRequests || 1;
    this.interval = settings.interval || 0;
    this.timeout = settings.timeout || 60_000;
    const trip = settings.trip;
    if (trip === undefined) this.readyToTrip = (c) => c.consecutiveFailures > 5;
    else if ('consecutiveFailuresOver' in trip) this.readyToTrip = (c) => c.consecutiveFailures > trip.consecutiveFailuresOver;
    else this.readyToTrip = (c) => c.requests > 0 && c.requests >= trip.minRequests && c.totalFailures / c.requests >= trip.failureRatioAtLeast;
    this.newGeneration();
  }

  advance(ms: number): void { this.now += ms; }

  /** state(): applies what time has decided since the last look. */
  look(): StateName {
    if (this.expiry !== undefined && this.now > this.expiry) {
      if (this.state === 'closed') this.newGeneration();
      else if (this.state === 'open') this.setState('half-open');
    }
    return this.state;
  }

  /** execute() of a fn that ends at once with `outcome`; the reply the driver gives. */
  execute(call: string, outcome: Outcome): Reply {
    const state = this.look();
    if (state === 'open') return { error: 'open', ran: false };
    if (state === 'half-open' && this.counts.requests >= this.maxRequests) return { error: 'too-many-requests', ran: false };
    this.counts.requests++;
    const c = this.counts;
    if (outcome === 'success') {
      c.totalSuccesses++; c.consecutiveSuccesses++; c.consecutiveFailures = 0;
      if (state === 'half-open' && c.consecutiveSuccesses >= this.maxRequests) this.setState('closed');
    } else if (state === 'closed') {
      c.totalFailures++; c.consecutiveFailures++; c.consecutiveSuccesses = 0;
      if (this.readyToTrip({ ...c })) this.setState('open');
    } else {
      this.setState('open');
    }
    return passedThrough(call, outcome);
  }

  takeTransitions(): [StateName, StateName][] {
    const list = this.transitions;
    this.transitions = [];
    return list;
  }

  private setState(to: StateName): void {
    if (this.state === to) return;
    this.transitions.push([this.state, to]);
    this.state = to;
    this.newGeneration();
  }

  private newGeneration(): void {
    this.counts = { ...ZERO };
    if (this.state === 'closed') this.expiry = this.interval > 0 ? this.now + this.interval : undefined;
    else if (this.state === 'open') this.expiry = this.now + this.timeout;
    else this.expiry = undefined;
  }
}
