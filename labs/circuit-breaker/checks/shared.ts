// Helpers shared by the circuit-breaker stages (not a stage itself).
import { expectMatch, type CheckContext, type InFlight, type Program, type Reply } from '../../../src/grader/api.js';

export type StateName = 'closed' | 'half-open' | 'open';
export type Outcome = 'success' | 'failure' | 'panic';
export type Trip = { consecutiveFailuresOver: number } | { minRequests: number; failureRatioAtLeast: number };
export interface BreakerSettings { maxRequests?: number; interval?: number; timeout?: number; trip?: Trip }
export interface CountsShape {
  requests: number; totalSuccesses: number; totalFailures: number; consecutiveSuccesses: number; consecutiveFailures: number;
}

export const ZERO: CountsShape = { requests: 0, totalSuccesses: 0, totalFailures: 0, consecutiveSuccesses: 0, consecutiveFailures: 0 };

/** Counts with the named fields set and every other field zero. */
export const counts = (fields: Partial<CountsShape> = {}): CountsShape => ({ ...ZERO, ...fields });

/** What execute must reply for a call let through that ends with `outcome`. */
export function passedThrough(call: string, outcome: Outcome): Reply {
  if (outcome === 'success') return { ok: true, value: call, ran: true };
  return { error: outcome === 'panic' ? 'panic' : 'fn-error', same: true, ran: true };
}

const describeSettings = (s: BreakerSettings): string => {
  const parts: string[] = [];
  if (s.maxRequests !== undefined) parts.push(`maxRequests ${s.maxRequests}`);
  if (s.interval !== undefined) parts.push(`interval ${s.interval} ms`);
  if (s.timeout !== undefined) parts.push(`timeout ${s.timeout} ms`);
  if (s.trip === undefined) parts.push('default readyToTrip (consecutiveFailures > 5)');
  else if ('consecutiveFailuresOver' in s.trip) parts.push(`readyToTrip: consecutiveFailures > ${s.trip.consecutiveFailuresOver}`);
  else parts.push(`readyToTrip: requests >= ${s.trip.minRequests} and failure ratio >= ${s.trip.failureRatioAtLeast}`);
  return parts.join(', ');
};

/** A breaker driven through the wire, with call names c1, c2 … and readable expectations. */
export class Breaker {
  private next = 1;
  constructor(private readonly ctx: CheckContext) {}

  get program(): Program { return this.ctx.program; }

  /** A fresh breaker with these settings (the driver injects its clock and records onStateChange). */
  async create(settings: BreakerSettings = {}): Promise<void> {
    this.ctx.note(`a new breaker: ${describeSettings(settings)}`);
    await this.program.expect({ op: 'new', settings }, { ok: true }, { message: 'the driver could not create the breaker' });
  }

  name(): string { return `c${this.next++}`; }

  async advance(ms: number): Promise<void> {
    await this.program.expect({ op: 'advance', ms }, { ok: true });
  }

  /** One call that the breaker must let through; its result must reach the caller unchanged. */
  async pass(outcome: Outcome, message?: string): Promise<void> {
    const call = this.name();
    const reply = await this.program.call({ op: 'execute', call, outcome });
    expectMatch(reply, passedThrough(call, outcome), message ?? defaultPassMessage(outcome));
  }

  /** One call that the breaker must reject without running fn. */
  async reject(kind: 'open' | 'too-many-requests', message: string): Promise<void> {
    const call = this.name();
    await this.program.expect({ op: 'execute', call, outcome: 'success' }, { error: kind, ran: false }, { message });
  }

  /** A call whose fn stays running until `release`. */
  hold(): { call: string; inFlight: InFlight } {
    const call = this.name();
    return { call, inFlight: this.program.start({ op: 'execute', call, outcome: 'success', hold: true }) };
  }

  /** Ends a held fn with `outcome`; the driver answers after the held call's own reply. */
  async release(held: { call: string; inFlight: InFlight }, outcome: Outcome, expected: Reply, message: string): Promise<void> {
    await this.program.expect({ op: 'release', call: held.call, outcome }, { ok: true, returned: true },
      { message: `execute(${held.call}) must return once its fn ends` });
    expectMatch(await held.inFlight.reply(), expected, message);
  }

  async expectState(state: StateName, message: string): Promise<void> {
    await this.program.expect({ op: 'state' }, { state }, { message });
  }

  async expectCounts(expected: CountsShape, message: string): Promise<void> {
    await this.program.expect({ op: 'counts' }, { counts: expected }, { message });
  }

  /** The state changes reported to onStateChange since the last look, in order. */
  async expectTransitions(expected: [StateName, StateName][], message: string): Promise<void> {
    await this.program.expect({ op: 'transitions' }, { transitions: expected }, { message });
  }

  /** Trips a breaker created with `trip: {consecutiveFailuresOver: 0}`: one failure opens it. */
  async tripWithOneFailure(): Promise<void> {
    await this.pass('failure');
    await this.expectState('open', 'with readyToTrip "consecutiveFailures > 0", one failure must open the breaker');
  }
}

function defaultPassMessage(outcome: Outcome): string {
  if (outcome === 'success') return 'a call let through must run fn and return its value';
  if (outcome === 'panic') return 'a call let through must run fn and pass its panic / thrown error on unchanged';
  return 'a call let through must run fn and pass its error on unchanged';
}
