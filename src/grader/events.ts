import type { Verdict } from '../bench/compare.js';
import type { BenchStats } from '../bench/stats.js';
import type { Step } from './check-failure.js';

export type BenchSide = 'reference' | 'yours' | 'baseline';

/** The load benchmark's outcome: both measurements side by side, and the rule's verdict. */
export interface BenchReport {
  yours: BenchStats;
  reference: BenchStats;
  /** A helper measured directly (e.g. one backend behind a proxy), reported beside the others. */
  baseline?: { label: string; stats: BenchStats };
  /** The reference's figures came from the cache (measured earlier on this machine, same lab version). */
  referenceCached: boolean;
  referenceMeasuredAt: string;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  verdict: Verdict;
  machine: string;
}

/** Everything a reader needs to understand one failed check. */
export interface FailureReport {
  message: string;
  hasExpected: boolean;
  expected?: unknown;
  received?: unknown;
  steps: Step[];
  /** The tail of what the learner's program (or server) printed on stderr. */
  programOutput: string[];
  seed: number;
  /** A cluster run drawn as a message-sequence diagram, one line each. */
  diagram?: string[];
  /**
   * The check itself threw (not a CheckFailure): the stack of its error, so a lab author sees the check's
   * own line (`dev check` prints it; learners see only the message).
   */
  crash?: string[];
}

export interface CheckResult { id: string; title: string; status: 'passed' | 'failed'; failure?: FailureReport; durationMs: number }
export interface StageResult {
  index: number; id: string; title: string; status: 'passed' | 'failed' | 'skipped';
  randomised: boolean;
  /** Randomised or scheduling-dependent: `--repeat` runs it again. */
  repeatable: boolean;
  checks: CheckResult[]; durationMs: number;
}

export interface GradeResult {
  lab: string;
  labVersion: number;
  track: string;
  seed: number;
  /** Every stage that ran passed, and every stage of the lab ran. */
  passed: boolean;
  stagesTotal: number;
  /** How many stages passed, counted from the first: the learner's current stage is this + 1. */
  stagesPassed: number;
  stages: StageResult[];
  /** The load benchmark, when its stage ran. */
  bench?: BenchReport;
  /** Why the grade stopped without judging a stage (the grader or the machine, not the learner's code). */
  unjudged?: string;
  /** The program did not build; no stage ran. */
  buildError?: { message: string; output: string };
  changedProvided: string[];
  durationMs: number;
}

export type GradeEvent =
  | { type: 'start'; lab: string; title: string; track: string; stages: number; seed: number }
  | { type: 'warning'; message: string }
  | { type: 'build'; variant: string; phase: 'start' | 'done'; ms?: number }
  | { type: 'stage-start'; index: number; total: number; lab: string; id: string; title: string }
  | { type: 'stage-skipped'; index: number; lab: string; id: string; title: string }
  | { type: 'check-pass'; index: number; lab: string; id: string; title: string; steps: Step[] }
  | { type: 'check-fail'; index: number; lab: string; id: string; title: string; failure: FailureReport }
  | { type: 'stage-end'; index: number; lab: string; id: string; passed: boolean; durationMs: number; randomised: boolean; seed: number }
  | { type: 'bench-progress'; side: BenchSide; phase: 'build' | 'setup' | 'warmup' | 'measure'; elapsedMs: number; totalMs: number; completed: number }
  | { type: 'bench-result'; report: BenchReport }
  | { type: 'end'; result: GradeResult };

export interface Reporter {
  onEvent(event: GradeEvent): void;
}
