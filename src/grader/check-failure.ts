/** One line of a check's transcript: what the grader sent, what came back, or a note. */
export type Step =
  | { kind: 'send'; request: unknown }
  | { kind: 'reply'; request: unknown; reply: unknown }
  | { kind: 'note'; text: string }
  /** An HTTP exchange with a service lab's server: `POST /urls {…}` and `201 {…}` (absent: no answer). */
  | { kind: 'http'; request: string; reply?: string };

export interface FailureDetail {
  expected?: unknown;
  received?: unknown;
}

/**
 * How a check fails. Thrown by the expect helpers (or by ctx.fail); the stage runner attaches the
 * transcript, the seed and the program's output tail before a reporter prints it.
 */
export class CheckFailure extends Error {
  readonly expected?: unknown;
  readonly received?: unknown;
  readonly hasExpected: boolean;
  steps: Step[] = [];
  /** Lines drawn under the failure (a cluster run's message-sequence diagram). */
  diagram?: string[];
  constructor(message: string, detail: FailureDetail = {}) {
    super(message);
    this.name = 'CheckFailure';
    this.hasExpected = 'expected' in detail;
    this.expected = detail.expected;
    this.received = detail.received;
  }
}

/**
 * The grader could not judge the learner's program because of itself or the machine (its own helpers
 * answered late under load, the reference could not be measured): the stage stays unjudged, never failed.
 * The stage runner lets it through and the grade ends there with the message as a warning.
 */
export class GraderProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraderProblem';
  }
}

/** The learner's program misbehaved at the process or wire level (hang, crash, junk output). */
export class ProgramFault extends CheckFailure {
  /** The program's output tail when the fault ended the program (or it never started), for the report. */
  readonly output?: string[];
  constructor(message: string, output?: string[]) {
    super(message);
    this.name = 'ProgramFault';
    this.output = output;
  }
}

/**
 * A check broke its own lab's declarations (a request operations.yaml does not allow), or the provided
 * driver disagrees with them: a bug in the lab. It ends the grade as an internal error of sysdesign,
 * never as the learner's failure.
 */
export class LabBug extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabBug';
  }
}
