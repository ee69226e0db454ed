import fc from 'fast-check';
import { CheckFailure, LabBug, ProgramFault } from './check-failure.js';
import type { CheckContext, Program } from './api.js';

export interface ModelCheckOptions<Op> {
  /** The operation sequences to try (a fast-check arbitrary, e.g. `fc.array(opArbitrary, { maxLength: 30 })`). */
  sequences: fc.Arbitrary<Op[]>;
  /** How many sequences to try; 100 by default. */
  runs?: number;
  /**
   * Runs one sequence on the learner's program and on the lab's reference model, and throws a
   * CheckFailure (expectMatch does) at the first reply that differs. Must start from a fresh component.
   */
  run(ops: Op[], program: Program): Promise<void>;
}

/** Bounds the whole search, shrinking included, whatever the learner's program does. */
const SEARCH_LIMIT_MS = 30_000;

/**
 * Model-based testing: random operation sequences against the learner's program and a reference model,
 * a failure shrunk to the shortest sequence that still fails, then replayed once more so the report's
 * transcript shows exactly that sequence.
 */
export async function checkModel<Op>(ctx: CheckContext, options: ModelCheckOptions<Op>): Promise<void> {
  let fault: { error: ProgramFault | LabBug; ops: Op[] } | undefined;
  const property = fc.asyncProperty(options.sequences, async (ops) => {
    ctx.steps.length = 0;
    if (fault) throw fault.error;
    try {
      await options.run(ops, ctx.program);
    } catch (error) {
      // A crash or hang is not a property of the sequence, nor is a bug in the lab: keep the first one and stop searching.
      if (error instanceof ProgramFault || error instanceof LabBug) fault = { error, ops };
      throw error;
    }
  });
  const details = await fc.check(property, {
    seed: ctx.seed, numRuns: options.runs ?? 100, interruptAfterTimeLimit: SEARCH_LIMIT_MS, markInterruptAsFailure: false,
  });
  ctx.steps.length = 0;
  if (fault?.error instanceof LabBug) throw fault.error;
  if (fault) {
    ctx.note(`while running a random sequence of ${fault.ops.length} operations`);
    throw fault.error;
  }
  if (!details.failed || !details.counterexample) return;
  const [shortest] = details.counterexample;
  ctx.note(`shortest failing sequence: ${shortest.length} operations (found after ${details.numRuns} sequences, ${details.numShrinks} shrink steps)`);
  await options.run(shortest, ctx.program); // throws the shrunk failure with its own transcript
  // The replay passed: the failure depends on something besides the sequence (a race, hidden state).
  const original = details.errorInstance;
  if (original instanceof CheckFailure) throw original;
  throw new CheckFailure(`a random sequence failed, but its replay passed: the behaviour is not deterministic (${String(original)})`);
}
