// The saga orchestrator: runs steps forward, rolls back in reverse order, resumes from its log.

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

const TERMINAL: Partial<Record<EntryType, Outcome>> = {
  "saga-done": "completed", "saga-compensated": "compensated", "saga-failed": "failed",
};

export class Orchestrator {
  private readonly running = new Set<string>();

  constructor(private readonly log: SagaLog, private readonly options: Options) {}

  async run(saga: string, steps: Step[]): Promise<Outcome> {
    if (this.running.has(saga)) throw new AlreadyRunningError(saga);
    this.running.add(saga);
    try {
      return await this.drive(saga, steps);
    } finally {
      this.running.delete(saga);
    }
  }

  private async drive(saga: string, steps: Step[]): Promise<Outcome> {
    const entries = this.log.entries(saga);
    for (const e of entries) {
      const outcome = TERMINAL[e.type];
      if (outcome) return outcome;
    }
    const append = (type: EntryType, step: number, attempt: number) => this.log.append({ saga, type, step, attempt });

    // Which steps were done, and whether the saga is already rolling back.
    const done = new Set<number>();
    let interrupted = -1;
    let rollingBack = false;
    for (const e of entries) {
      if (e.type === "step-started") interrupted = e.step;
      else if (e.type === "step-done") { done.add(e.step); interrupted = -1; }
      else if (e.type === "step-failed") { rollingBack = true; interrupted = -1; }
      else rollingBack = true;
    }
    if (interrupted >= 0) { rollingBack = true; done.add(interrupted); }

    if (!rollingBack) {
      for (let i = done.size; i < steps.length; i++) {
        append("step-started", i, 1);
        try {
          await steps[i].action();
        } catch {
          append("step-failed", i, 1);
          return this.rollBack(saga, steps, done, append);
        }
        append("step-done", i, 1);
        done.add(i);
      }
      append("saga-done", -1, 0);
      return "completed";
    }
    return this.rollBack(saga, steps, done, append);
  }

  private async rollBack(saga: string, steps: Step[], toUndo: Set<number>,
    append: (type: EntryType, step: number, attempt: number) => void): Promise<Outcome> {
    const entries = this.log.entries(saga);
    const order = [...toUndo].sort((a, b) => b - a);
    for (const i of order) {
      const mine = entries.filter((e) => e.step === i);
      if (mine.some((e) => e.type === "compensation-done")) continue;
      let failures = mine.filter((e) => e.type === "compensation-failed").length;
      let attempt = mine.filter((e) => e.type === "compensation-started").length;
      let compensated = false;
      while (failures < this.options.maxCompensationAttempts) {
        attempt++;
        append("compensation-started", i, attempt);
        try {
          await steps[i].compensate();
        } catch {
          append("compensation-failed", i, attempt);
          failures++;
          continue;
        }
        append("compensation-done", i, attempt);
        compensated = true;
        break;
      }
      if (!compensated) {
        append("saga-failed", -1, 0);
        return "failed";
      }
    }
    append("saga-compensated", -1, 0);
    return "compensated";
  }
}
