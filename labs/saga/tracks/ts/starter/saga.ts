// The saga orchestrator: runs steps forward, rolls back in reverse order, resumes from its log.
// The contract is in README.md; the provided driver.ts calls this file.

export type EntryType =
  | "step-started" | "step-done" | "step-failed"
  | "compensation-started" | "compensation-done" | "compensation-failed"
  | "saga-done" | "saga-compensated" | "saga-failed";
export interface LogEntry { saga: string; type: EntryType; step: number; attempt: number }
export interface SagaLog {
  append(entry: LogEntry): void;
  entries(saga: string): LogEntry[];
}
export interface Step {
  name: string;
  action(): Promise<void>;
  compensate(): Promise<void>;
}
export type Outcome = "completed" | "compensated" | "failed";
export interface Options { maxCompensationAttempts: number }

export class AlreadyRunningError extends Error {
  constructor(saga: string) {
    super(`saga ${saga} is already running`);
    this.name = "AlreadyRunningError";
  }
}

export class Orchestrator {
  constructor(private readonly log: SagaLog, private readonly options: Options) {}

  async run(saga: string, steps: Step[]): Promise<Outcome> {
    // TODO: read this saga's entries, then go forward or roll back, appending before every call.
    void this.log; void this.options; void saga; void steps;
    throw new Error("not implemented");
  }
}
