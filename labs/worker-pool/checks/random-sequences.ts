import { CheckFailure, checkModel, defineStage, expectMatch, fc, type Program } from '../../../src/grader/api.js';
import { PoolModel } from './model.js';
import { SETTLE_MS, submitReply, type Outcome } from './shared.js';

type Op =
  | { kind: 'new'; workers: number; queueSize: number }
  | { kind: 'submit' }
  /** Ends the running job at `pick` (modulo how many run); nothing when none runs. */
  | { kind: 'finish'; pick: number; outcome: Outcome }
  /** Cancels the accepted job at `pick` (modulo how many were accepted), whatever its state. */
  | { kind: 'cancel'; pick: number }
  /** shutdown(); a later one in the same sequence is skipped. */
  | { kind: 'shutdown' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'submit' as const }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('finish' as const), pick: fc.nat(7), outcome: fc.constantFrom<Outcome>('value', 'value', 'error', 'panic') }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat(15) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'shutdown' as const }) },
);

const sequences: fc.Arbitrary<Op[]> = fc.tuple(
  fc.record({ kind: fc.constant('new' as const), workers: fc.integer({ min: 1, max: 3 }), queueSize: fc.integer({ min: 0, max: 3 }) }),
  fc.array(opArb, { minLength: 4, maxLength: 30 }),
).map(([first, ops]): Op[] => [first, ...ops]);

async function runSequence(ops: Op[], program: Program): Promise<void> {
  const [first, ...rest] = ops;
  if (first?.kind !== 'new') throw new Error('a sequence starts with new');
  const model = new PoolModel(first.workers, first.queueSize);
  await program.expect({ op: 'new', workers: first.workers, queueSize: first.queueSize }, { ok: true }, { message: 'the driver could not create the pool' });
  let jobs = 0;
  for (const [index, op] of rest.entries()) {
    const label = `operation ${index + 1} of ${rest.length}`;
    const before = model.describe();
    if (op.kind === 'submit') {
      const job = `j${++jobs}`;
      const verdict = model.submit(job);
      const reply = await program.call({ op: 'submit', job });
      if (reply.error === 'blocked') throw new CheckFailure(`${label}: submit(${job}) did not return within 1 s: submit must never wait for room`);
      expectMatch(reply, submitReply(verdict), `${label}: submit(${job}) differs from the contract (before it, ${before})`);
    } else if (op.kind === 'finish') {
      const running = model.running();
      if (running.length === 0) continue;
      const job = running[op.pick % running.length];
      model.finish(job, op.outcome);
      await program.expect({ op: 'finish', job, outcome: op.outcome, waitMs: SETTLE_MS }, { ok: true },
        { message: `${label}: ${job} must be running so that it can be ended (${before})` });
      await program.expect({ op: 'result', job, waitMs: SETTLE_MS }, model.result(job),
        { message: `${label}: ${job} ended (${op.outcome}): its result differs from the contract` });
    } else if (op.kind === 'cancel') {
      const all = model.all();
      if (all.length === 0) continue;
      const job = all[op.pick % all.length];
      const where = model.where(job);
      const cancelled = model.cancel(job);
      await program.expect({ op: 'cancel', job }, { cancelled },
        { message: `${label}: cancel(${job}) while it is ${where} must return ${cancelled} (${before})` });
      if (cancelled) {
        await program.expect({ op: 'result', job, waitMs: SETTLE_MS }, model.result(job), { message: `${label}: ${job} was cancelled: its result must be the cancelled error` });
      }
    } else if (op.kind === 'shutdown') {
      if (model.isShutdown()) continue;
      model.shutdown();
      await program.expect({ op: 'shutdown' }, { ok: true }, { message: `${label}: shutdown() must not fail` });
    }
    const expected = model.snapshot();
    const snap = await program.call({ op: 'snapshot', until: expected, waitMs: SETTLE_MS });
    expectMatch(snap, expected, `${label}: after ${op.kind}, the pool differs from the contract (${model.describe()}; started, active and maxActive are what the jobs saw, running/queued what running() and queued() said, shutdown whether it returned)`);
  }
}

export const stage = defineStage({
  id: 'random-sequences',
  checks: [
    {
      id: 'agrees-with-the-model',
      title: 'Random sequences of submits, job ends, cancels and a shutdown, on random pool sizes, match the contract\'s pool step for step',
      async run(ctx) {
        ctx.note('each sequence: a new pool (1-3 workers, queueSize 0-3), then submits, jobs ended with a value, an error or a panic, cancels of any job, and at most one shutdown; after each step the pool must look as the contract says');
        await checkModel(ctx, { sequences, runs: 120, run: runSequence });
      },
    },
  ],
});
