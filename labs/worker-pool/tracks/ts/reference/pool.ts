// A worker pool: a fixed number of workers, a bounded FIFO queue, per-job results, cancellation
// before start, and a shutdown that drains. The contract is in README.md.

export interface PoolOptions {
  workers: number; // how many jobs may run at once; an integer >= 1
  queueSize: number; // how many accepted jobs may wait for a worker; an integer >= 0
}

export interface Submission<T> {
  readonly result: Promise<T>;
  cancel(): boolean;
}

export class QueueFullError extends Error {}
export class ShutdownError extends Error {}
export class CancelledError extends Error {}

interface Entry<T> {
  job: () => Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
  state: "queued" | "started" | "cancelled";
}

export class WorkerPool<T> {
  private readonly workers: number;
  private readonly queueSize: number;
  private readonly queue: Entry<T>[] = [];
  private active = 0;
  private closed = false;
  private drained: Promise<void> | undefined;
  private onDrained: (() => void) | undefined;

  constructor(options: PoolOptions) {
    const { workers, queueSize } = options;
    if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be an integer >= 1, got ${workers}`);
    if (!Number.isInteger(queueSize) || queueSize < 0) throw new RangeError(`queueSize must be an integer >= 0, got ${queueSize}`);
    this.workers = workers;
    this.queueSize = queueSize;
  }

  submit(job: () => Promise<T>): Submission<T> {
    if (this.closed) throw new ShutdownError("the pool is shut down");
    if (this.active + this.queue.length >= this.workers + this.queueSize) {
      throw new QueueFullError(`all ${this.workers} workers are busy and ${this.queueSize} jobs are waiting`);
    }
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const result = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
    const entry: Entry<T> = { job, resolve, reject, state: "queued" };
    this.queue.push(entry);
    this.dispatch();
    return {
      result,
      cancel: () => {
        if (entry.state !== "queued") return false;
        entry.state = "cancelled";
        this.queue.splice(this.queue.indexOf(entry), 1);
        entry.reject(new CancelledError("cancelled before it started"));
        this.checkDrained();
        return true;
      },
    };
  }

  shutdown(): Promise<void> {
    this.closed = true;
    if (!this.drained) {
      this.drained = new Promise<void>((resolve) => { this.onDrained = resolve; });
      this.checkDrained();
    }
    return this.drained;
  }

  running(): number {
    return this.active;
  }

  queued(): number {
    return this.queue.length;
  }

  /** Starts the oldest waiting jobs while a worker is free. */
  private dispatch(): void {
    while (this.active < this.workers && this.queue.length > 0) {
      const entry = this.queue.shift()!;
      entry.state = "started";
      this.active++;
      void this.run(entry);
    }
  }

  private async run(entry: Entry<T>): Promise<void> {
    let ok = false;
    let value: T | undefined;
    let error: unknown;
    try {
      value = await entry.job(); // a job that throws before returning a promise lands in catch too
      ok = true;
    } catch (e) {
      error = e;
    }
    // Free the worker before the result is seen, so whoever reacts to it finds the place free.
    this.active--;
    if (ok) entry.resolve(value as T);
    else entry.reject(error);
    this.dispatch();
    this.checkDrained();
  }

  private checkDrained(): void {
    if (this.closed && this.active === 0 && this.queue.length === 0 && this.onDrained) {
      const done = this.onDrained;
      this.onDrained = undefined;
      done();
    }
  }
}
