// The reference model for model-based checks: the contract's pool, driven one operation at a time,
// with jobs that end only when told (as the driver's held jobs do).
import type { Reply } from '../../../src/grader/api.js';
import { CANCELLED, resultOf, type Outcome, type Snapshot, type Verdict } from './shared.js';

export class PoolModel {
  private readonly queue: string[] = [];
  private readonly active: string[] = [];
  private readonly started: string[] = [];
  private readonly results = new Map<string, Reply>();
  private readonly accepted: string[] = [];
  private maxActive = 0;
  private shutdownCalled = false;

  constructor(readonly workers: number, readonly queueSize: number) {}

  submit(job: string): Verdict {
    if (this.shutdownCalled) return 'shutdown';
    if (this.active.length + this.queue.length >= this.workers + this.queueSize) return 'queue-full';
    this.accepted.push(job);
    this.queue.push(job);
    this.dispatch();
    return 'accepted';
  }

  /** Jobs running now, in the order they started. */
  running(): readonly string[] { return this.active; }
  /** Every job accepted so far, in order. */
  all(): readonly string[] { return this.accepted; }
  isShutdown(): boolean { return this.shutdownCalled; }

  finish(job: string, outcome: Outcome): void {
    const at = this.active.indexOf(job);
    if (at < 0) throw new Error(`model: ${job} is not running`);
    this.active.splice(at, 1);
    this.results.set(job, resultOf(job, outcome));
    this.dispatch();
  }

  cancel(job: string): boolean {
    const at = this.queue.indexOf(job);
    if (at < 0) return false;
    this.queue.splice(at, 1);
    this.results.set(job, CANCELLED);
    return true;
  }

  shutdown(): void { this.shutdownCalled = true; }

  result(job: string): Reply { return this.results.get(job) ?? { settled: false }; }

  where(job: string): string {
    if (this.queue.includes(job)) return 'waiting in the queue';
    if (this.active.includes(job)) return 'running';
    return this.results.get(job) === CANCELLED ? 'cancelled' : 'over';
  }

  snapshot(): Snapshot {
    return {
      started: [...this.started].sort(), active: [...this.active].sort(), maxActive: this.maxActive,
      running: this.active.length, queued: this.queue.length,
      shutdown: !this.shutdownCalled ? 'none' : this.active.length + this.queue.length === 0 ? 'done' : 'waiting',
    };
  }

  describe(): string {
    return `the contract's pool (${this.workers} workers, queueSize ${this.queueSize}) runs [${this.active.join(', ')}], `
      + `queues [${this.queue.join(', ')}]${this.shutdownCalled ? ', shutdown called' : ''}`;
  }

  private dispatch(): void {
    while (this.active.length < this.workers && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.active.push(job);
      this.started.push(job);
      this.maxActive = Math.max(this.maxActive, this.active.length);
    }
  }
}
