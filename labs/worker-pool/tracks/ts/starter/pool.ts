// Your worker pool. The contract is in README.md; driver.ts (provided, do not edit) calls it.

export interface PoolOptions {
  workers: number; // how many jobs may run at once; an integer >= 1
  queueSize: number; // how many accepted jobs may wait for a worker; an integer >= 0
}

export interface Submission<T> {
  readonly result: Promise<T>; // settles once: the job's value or error, or CancelledError
  cancel(): boolean; // true only if the job was still waiting in the queue
}

export class QueueFullError extends Error {}

export class ShutdownError extends Error {}

export class CancelledError extends Error {}

export class WorkerPool<T> {
  constructor(options: PoolOptions) {
    // TODO: check the options (RangeError for workers < 1, queueSize < 0, non-integers) and keep them.
    void options;
  }

  submit(job: () => Promise<T>): Submission<T> {
    // TODO: throw ShutdownError after shutdown(), QueueFullError when workers + queueSize jobs are
    // not over yet; otherwise queue the job, start it if a worker is free, and return its Submission.
    void job;
    throw new Error("not implemented: WorkerPool.submit");
  }

  shutdown(): Promise<void> {
    // TODO: stop accepting jobs; resolve once every accepted job is over.
    return Promise.reject(new Error("not implemented: WorkerPool.shutdown"));
  }

  running(): number {
    // TODO: jobs started and not over.
    return 0;
  }

  queued(): number {
    // TODO: accepted jobs waiting for a worker (not cancelled).
    return 0;
  }
}
