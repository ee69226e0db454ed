// Helpers shared by the worker-pool stages (not a stage itself).
import { expectMatch, type CheckContext, type Reply } from '../../../src/grader/api.js';

export type Outcome = 'value' | 'error' | 'panic';
export type Verdict = 'accepted' | 'queue-full' | 'shutdown';
export interface Snapshot {
  started?: string[]; active?: string[]; maxActive?: number; running?: number; queued?: number;
  shutdown?: 'none' | 'waiting' | 'done';
}

/** How long the driver may take to see what must happen (a Go worker picks a job up a moment later). */
export const SETTLE_MS = 1000;
/** How long the checks watch before they conclude that something did not happen. */
export const STABLE_MS = 60;

/** The reply of `result` for a job that ended with `outcome` (the driver's job values are their names). */
export function resultOf(job: string, outcome: Outcome): Reply {
  if (outcome === 'value') return { settled: true, value: job };
  return { settled: true, error: outcome === 'panic' ? 'panic' : 'job-error', same: true };
}
export const CANCELLED: Reply = { settled: true, error: 'cancelled' };

const sorted = (names: string[]): string[] => [...names].sort();

/** What each outcome means, in words for failure messages. */
export const said = (outcome: Outcome): string =>
  outcome === 'value' ? 'returned its value' : outcome === 'error' ? 'failed with an error' : 'panicked (TypeScript: its promise rejected)';

/** The wire reply for a submit the contract decides as `verdict`. */
export function submitReply(verdict: Verdict): Reply {
  return verdict === 'accepted' ? { accepted: true } : { rejected: verdict };
}

/** One pool behind the driver, with jobs named j1, j2 … and readable expectations. */
export class PoolDriver {
  private next = 1;
  constructor(private readonly ctx: CheckContext) {}

  async create(workers: number, queueSize: number): Promise<void> {
    this.ctx.note(`a new pool: ${workers} worker${workers === 1 ? '' : 's'}, queueSize ${queueSize}`);
    this.next = 1;
    await this.ctx.program.expect({ op: 'new', workers, queueSize }, { ok: true }, { message: `the pool must accept workers ${workers} and queueSize ${queueSize}` });
  }

  /** Submits the next job (held until finished, or ending at once with `instant`) and checks the verdict. */
  async submit(verdict: Verdict, message: string, instant?: Outcome): Promise<string> {
    const job = `j${this.next++}`;
    const request = instant === undefined ? { op: 'submit', job } : { op: 'submit', job, instant };
    const reply = await this.ctx.program.call(request);
    if (reply.error === 'blocked') {
      this.ctx.fail(`submit(${job}) did not return within 1 s. submit must never wait for room: when every worker is busy and the queue is full it rejects the job at once with the queue-full error (QueueFullError / ErrQueueFull). That is back-pressure: the caller decides what to do, the pool does not hold it`);
    }
    expectMatch(reply, submitReply(verdict), `${job}: ${message}`);
    return job;
  }

  /** Submits `count` jobs that must all be accepted. */
  async submitMany(count: number, message: string): Promise<string[]> {
    const jobs: string[] = [];
    for (let i = 0; i < count; i++) jobs.push(await this.submit('accepted', message));
    return jobs;
  }

  /** Ends a running job (the driver waits up to 1 s for it to have started). */
  async finish(job: string, outcome: Outcome = 'value'): Promise<void> {
    const reply = await this.ctx.program.call({ op: 'finish', job, outcome });
    if (reply.error === 'not-running') {
      this.ctx.fail(`${job} must be running by now, so that the checks can end it, but it is ${String(reply.state) === 'waiting' ? 'still waiting in the queue' : String(reply.state)}`, { received: reply });
    }
    expectMatch(reply, { ok: true }, `the driver could not end ${job}`);
  }

  /** Waits (bounded) until the snapshot shows `expected`; with `stable`, watches a little longer. */
  async expectSnapshot(expected: Snapshot, message: string, options: { stable?: boolean; waitMs?: number } = {}): Promise<Reply> {
    const until = { ...expected } as Record<string, unknown>;
    for (const key of ['started', 'active'] as const) if (expected[key]) until[key] = sorted(expected[key]!);
    const request: Record<string, unknown> = { op: 'snapshot', until, waitMs: options.waitMs ?? SETTLE_MS };
    if (options.stable) request.stableMs = STABLE_MS;
    const reply = await this.ctx.program.call(request as { op: string });
    expectMatch(reply, until, message);
    return reply;
  }

  /** The job's result must be `expected` (waiting up to 1 s for it). */
  async expectResult(job: string, expected: Reply, message: string): Promise<void> {
    await this.ctx.program.expect({ op: 'result', job, waitMs: SETTLE_MS }, expected, { message });
  }

  /** The job's result must not be available yet. */
  async expectNoResult(job: string, message: string): Promise<void> {
    await this.ctx.program.expect({ op: 'result', job, waitMs: 20 }, { settled: false }, { message });
  }

  async cancel(job: string, expected: boolean, message: string): Promise<void> {
    await this.ctx.program.expect({ op: 'cancel', job }, { cancelled: expected }, { message });
  }

  async shutdown(): Promise<void> {
    await this.ctx.program.expect({ op: 'shutdown' }, { ok: true }, { message: 'shutdown() must not fail' });
  }
}
