// The contract's orchestrator, as a synchronous model: a log, a journal of stub calls, and crashes.
import type { Call, Crash, Entry, EntryType, Outcome, ScriptStep } from './shared.js';

class Crashed extends Error {}

const TERMINAL: Partial<Record<EntryType, Outcome>> = {
  'saga-done': 'completed', 'saga-compensated': 'compensated', 'saga-failed': 'failed',
};

/** One durable store (log and journal) and the orchestrators that run over it, one per "process life". */
export class SagaModel {
  readonly log: Entry[] = [];
  private readonly journal = new Map<string, Call[]>();
  private counters = { append: 0, action: 0, compensation: 0 };
  private crash: Crash | undefined;

  constructor(readonly maxCompensationAttempts: number) {}

  entries(saga: string): Entry[] { return this.log.filter((e) => e.saga === saga).map((e) => ({ ...e })); }
  calls(saga: string): Call[] {
    let c = this.journal.get(saga);
    if (!c) { c = []; this.journal.set(saga, c); }
    return c;
  }

  /** What `run` must do: its outcome, or 'crashed' when the crash point is reached (the log keeps what was appended). */
  run(saga: string, script: ScriptStep[], crash?: Crash): Outcome | 'crashed' {
    this.counters = { append: 0, action: 0, compensation: 0 };
    this.crash = crash;
    try {
      return this.drive(saga, script);
    } catch (error) {
      if (error instanceof Crashed) return 'crashed';
      throw error;
    } finally {
      this.crash = undefined;
    }
  }

  private tick(kind: Crash['at']): void {
    this.counters[kind]++;
    if (this.crash?.at === kind && this.counters[kind] === this.crash.n) throw new Crashed();
  }

  private append(saga: string, type: EntryType, step: number, attempt: number): void {
    this.log.push({ saga, type, step, attempt });
    this.tick('append');
  }

  private drive(saga: string, script: ScriptStep[]): Outcome {
    const entries = this.entries(saga);
    for (const e of entries) {
      const outcome = TERMINAL[e.type];
      if (outcome) return outcome;
    }
    const done = new Set<number>();
    let interrupted = -1;
    let rollingBack = false;
    for (const e of entries) {
      if (e.type === 'step-started') interrupted = e.step;
      else if (e.type === 'step-done') { done.add(e.step); interrupted = -1; }
      else if (e.type === 'step-failed') { rollingBack = true; interrupted = -1; }
      else rollingBack = true;
    }
    if (interrupted >= 0) { rollingBack = true; done.add(interrupted); }
    if (!rollingBack) {
      for (let i = done.size; i < script.length; i++) {
        this.append(saga, 'step-started', i, 1);
        const ok = script[i].action === 'ok';
        this.calls(saga).push({ kind: 'action', step: i, ok, logged: true });
        this.tick('action');
        if (!ok) {
          this.append(saga, 'step-failed', i, 1);
          return this.rollBack(saga, script, done);
        }
        this.append(saga, 'step-done', i, 1);
        done.add(i);
      }
      this.append(saga, 'saga-done', -1, 0);
      return 'completed';
    }
    return this.rollBack(saga, script, done);
  }

  private rollBack(saga: string, script: ScriptStep[], toUndo: Set<number>): Outcome {
    const entries = this.entries(saga);
    for (const i of [...toUndo].sort((a, b) => b - a)) {
      const mine = entries.filter((e) => e.step === i);
      if (mine.some((e) => e.type === 'compensation-done')) continue;
      let failures = mine.filter((e) => e.type === 'compensation-failed').length;
      let attempt = mine.filter((e) => e.type === 'compensation-started').length;
      let compensated = false;
      while (failures < this.maxCompensationAttempts) {
        attempt++;
        this.append(saga, 'compensation-started', i, attempt);
        const calls = this.calls(saga);
        const before = calls.filter((c) => c.kind === 'compensation' && c.step === i).length;
        const ok = before >= (script[i].compensationFailures ?? 0);
        calls.push({ kind: 'compensation', step: i, ok, logged: true });
        this.tick('compensation');
        if (!ok) { this.append(saga, 'compensation-failed', i, attempt); failures++; continue; }
        this.append(saga, 'compensation-done', i, attempt);
        compensated = true;
        break;
      }
      if (!compensated) { this.append(saga, 'saga-failed', -1, 0); return 'failed'; }
    }
    this.append(saga, 'saga-compensated', -1, 0);
    return 'compensated';
  }
}
