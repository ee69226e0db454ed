import { defineStage, expectMatch, expectThat, type CheckContext } from '../../../src/grader/api.js';

interface Load { workers: number; queueSize: number; submitters: number; jobsEach: number; cancelRate: number }

async function hammer(ctx: CheckContext, load: Load): Promise<void> {
  ctx.note(`a fresh pool (${load.workers} workers, queueSize ${load.queueSize}); ${load.submitters} concurrent submitters × ${load.jobsEach} submits, `
    + `cancelling ${load.cancelRate * 100}% of the time and reading running()/queued(); shutdown() is called twice, at the same time, half-way`);
  const r = await ctx.program.call({ op: 'hammer', ...load, seed: ctx.seed }, { timeoutMs: 30_000 });
  expectMatch(r, { otherErrors: 0 }, 'submit may only accept a job or reject it with the queue-full or shutdown error');
  expectMatch(r, { shutdownReturned: true }, 'both shutdown calls must return once the pool has drained (they did not within 5 s)');
  expectMatch(r, { runningAfter: 0, queuedAfter: 0 }, 'after the shutdown, running() and queued() must be 0');
  expectThat(Number(r.maxActive) <= load.workers, `never more than ${load.workers} jobs may run at once`, { expected: `<= ${load.workers}`, received: r.maxActive });
  expectMatch(r, { badCounts: 0 }, `running() must never exceed workers (${load.workers}) and queued() never exceed queueSize (${load.queueSize}), nor go below 0 (a count was lost or doubled: is every read and write under the same lock?)`);
  expectMatch(r, { ranCancelled: 0 }, 'a job cancelled before it started (cancel returned true) must never run');
  expectMatch(r, { notRun: 0 }, 'every accepted job that was not cancelled must run, shutdown or not');
  expectMatch(r, { ranTwice: 0 }, 'every job must run exactly once');
  expectMatch(r, { wrongResults: 0 }, 'every job\'s result must be its own value, error or panic, and every cancelled job\'s result the cancelled error (and cancel returns true at most once per job)');
  expectThat(Number(r.accepted) === Number(r.cancelled) + Number(r.expectedAtShutdown), 'every accepted job was either cancelled or run', { received: r });
  expectThat(Number(r.overAtShutdown) === Number(r.expectedAtShutdown),
    'shutdown must return only after every accepted job is over: when it returned, some jobs had not ended yet', { expected: r.expectedAtShutdown, received: r.overAtShutdown });
  expectThat(Number(r.rejectedShutdown) > 0, 'submits made after shutdown() must be rejected with the shutdown error', { received: r });
  expectThat(Number(r.accepted) > 0, 'some jobs must be accepted', { received: r });
}

export const stage = defineStage({
  id: 'concurrency',
  checks: [
    {
      id: 'hammer',
      title: 'Many concurrent submitters, cancels and a concurrent double shutdown break no rule (the Go track runs under the race detector)',
      async run(ctx) { await hammer(ctx, { workers: 4, queueSize: 4, submitters: 8, jobsEach: 300, cancelRate: 0.2 }); },
    },
    {
      id: 'hammer-one-worker',
      title: 'The same with one worker and a long queue',
      async run(ctx) { await hammer(ctx, { workers: 1, queueSize: 16, submitters: 6, jobsEach: 200, cancelRate: 0.3 }); },
    },
    {
      id: 'hammer-no-queue',
      title: 'The same with queueSize 0',
      async run(ctx) { await hammer(ctx, { workers: 3, queueSize: 0, submitters: 6, jobsEach: 200, cancelRate: 0.2 }); },
    },
    {
      id: 'place-free-when-result-available',
      title: 'A job\'s place is free the moment its result is available, even to a submit made right after it in the same goroutine',
      async run(ctx) {
        const rounds = 3000;
        ctx.note(`a fresh pool (4 workers, queueSize 0) kept full by 4 concurrent loops; each submits a job that ends at once, waits for its result and submits again at once, ${rounds} times`);
        const r = await ctx.program.call({ op: 'refill', rounds }, { timeoutMs: 30_000 });
        expectMatch(r, { other: 0 }, 'each submit must accept the job or reject it with the queue-full error, and each result must be the job\'s own value');
        expectMatch(r, { rejected: 0 },
          'each loop holds at most one job, so a submit made as soon as its previous job\'s result was available always has room; it was rejected with the queue-full error. '
          + 'Free the place before the result can be seen (in Go: count the job out under the lock, then close its done channel), never after');
      },
    },
  ],
});
