import type { LoadedLab } from '../catalog/catalog.js';
import type { Stage } from '../catalog/schema/lab.js';
import type { CheckContext, CheckDefinition } from './api.js';
import { CheckFailure, GraderProblem, LabBug, ProgramFault, type Step } from './check-failure.js';
import type { DriverSession } from './drivers/driver.js';
import type { CheckResult, FailureReport, GradeEvent, StageResult } from './events.js';
import { loadStage } from './load-stage.js';
import { createRandom } from './random.js';

/** Stages whose one pass proves little (random cases, scheduling): `--repeat` runs them again. */
export function isRepeatable(stage: Stage): boolean {
  return stage.randomised || stage.concurrent;
}

export interface StageRun {
  lab: LoadedLab;
  stage: Stage;
  index: number;
  seed: number;
  /** The running program for this stage's build variant (started on first use). */
  session(): Promise<DriverSession>;
  emit(event: GradeEvent): void;
  signal: AbortSignal;
  /** Time the stage may take beyond its own bound (the load benchmark's measuring time). */
  extraMs?: number;
}

/** Runs one stage's checks in order, stopping at the first failure; the stage's time limit bounds them all. */
export async function runStage(run: StageRun): Promise<StageResult> {
  const { lab, stage, index } = run;
  const started = Date.now();
  run.emit({ type: 'stage-start', index, total: lab.stages.length, lab: lab.id, id: stage.id, title: stage.title });
  const def = await loadStage(lab, stage);
  const timeoutMs = stage.timeoutMs + (run.extraMs ?? 0);
  const deadline = AbortSignal.any([run.signal, AbortSignal.timeout(timeoutMs)]);
  const checks: CheckResult[] = [];
  let passed = true;
  for (const [n, check] of def.checks.entries()) {
    const result = await runCheck(run, check, run.seed + n, deadline, timeoutMs);
    checks.push(result);
    if (result.status === 'failed') {
      run.emit({ type: 'check-fail', index, lab: lab.id, id: check.id, title: check.title, failure: result.failure! });
      passed = false;
      break;
    }
  }
  const durationMs = Date.now() - started;
  run.emit({ type: 'stage-end', index, lab: lab.id, id: stage.id, passed, durationMs, randomised: stage.randomised, seed: run.seed });
  return { index, id: stage.id, title: stage.title, status: passed ? 'passed' : 'failed', randomised: stage.randomised, repeatable: isRepeatable(stage), checks, durationMs };
}

async function runCheck(run: StageRun, check: CheckDefinition, seed: number, deadline: AbortSignal, timeoutMs: number): Promise<CheckResult> {
  const started = Date.now();
  const steps: Step[] = [];
  let session: DriverSession | undefined;
  try {
    session = await run.session();
    const ctx: CheckContext = {
      ...(session.contextFor(steps, { id: check.id, seed }) as Pick<CheckContext, 'program' | 'service' | 'cluster'>),
      random: createRandom(seed), seed, signal: deadline, steps,
      note: (text) => { steps.push({ kind: 'note', text }); },
      fail: (message, detail) => { throw new CheckFailure(message, detail ?? {}); },
    };
    await bounded(check.run(ctx), deadline, timeoutMs);
    run.emit({ type: 'check-pass', index: run.index, lab: run.lab.id, id: check.id, title: check.title, steps });
    return { id: check.id, title: check.title, status: 'passed', durationMs: Date.now() - started };
  } catch (error) {
    // Not the learner's to answer for: the stage is left unjudged (gradeProgram says why).
    if (error instanceof GraderProblem && !deadline.aborted) throw error;
    if (error instanceof LabBug) throw new LabBug(`lab ${run.lab.id}, stage ${run.stage.id}, check ${check.id}: ${error.message}`);
    // A program that never came up has no session: its fault carries the output it printed.
    const output = error instanceof ProgramFault && error.output ? error.output : session?.outputTail() ?? [];
    const failure = toFailure(error, steps, output, run.seed);
    return { id: check.id, title: check.title, status: 'failed', failure, durationMs: Date.now() - started };
  }
}

/** Races a check against the stage deadline, so a check awaiting a wedged program still ends. */
function bounded<T>(work: Promise<T>, deadline: AbortSignal, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(deadline.reason instanceof DOMException && deadline.reason.name === 'TimeoutError'
      ? new ProgramFault(`the stage did not finish within ${timeoutMs} ms`)
      : new ProgramFault('grading was interrupted'));
    // The work is always given its handlers, so a check still running when the deadline passed (or Ctrl-C
    // came before it began) rejects into a settled promise instead of an unhandled rejection.
    work.then(resolve, reject).finally(() => deadline.removeEventListener('abort', onAbort));
    if (deadline.aborted) return onAbort();
    deadline.addEventListener('abort', onAbort, { once: true });
  });
}

function toFailure(error: unknown, steps: Step[], programOutput: string[], seed: number): FailureReport {
  if (error instanceof CheckFailure) {
    return {
      message: error.message, hasExpected: error.hasExpected, expected: error.expected, received: error.received, steps: [...steps], programOutput, seed,
      ...(error.diagram ? { diagram: error.diagram } : {}),
    };
  }
  // An error of the check's own: a bug in the check, or a reply so far off the contract that the check
  // tripped over it. Either way the learner sees what happened and the author gets the stack.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    message: `the check crashed: ${message} (a reply it did not foresee, or a bug in the check)`, hasExpected: false, steps: [...steps], programOutput, seed,
    crash: crashStack(error),
  };
}

/** The frames of a crashed check's stack, without the grader's own and Node's internals. */
export function crashStack(error: unknown): string[] {
  if (!(error instanceof Error) || !error.stack) return [];
  const frames = error.stack.split('\n').slice(1).map((l) => l.trim()).filter((l) => l.startsWith('at ') && !l.includes('node:internal'));
  const grader = (l: string) => /[/\\]src[/\\]grader[/\\]/.test(l);
  return frames.some((l) => !grader(l)) ? frames.filter((l) => !grader(l)) : frames;
}
