// Helpers shared by the saga stages (not a stage itself).
import { CheckFailure, expectMatch, expectThat, ProgramFault, type CheckContext, type Program, type Reply, type Request } from '../../../src/grader/api.js';
import { SagaModel } from './model.js';

export type EntryType =
  | 'step-started' | 'step-done' | 'step-failed'
  | 'compensation-started' | 'compensation-done' | 'compensation-failed'
  | 'saga-done' | 'saga-compensated' | 'saga-failed';
export interface Entry { saga: string; type: EntryType; step: number; attempt: number }
export type Outcome = 'completed' | 'compensated' | 'failed';
export interface ScriptStep { name: string; action: 'ok' | 'fail'; compensationFailures?: number }
export interface Crash { at: 'append' | 'action' | 'compensation'; n: number }
export interface Call { kind: 'action' | 'compensation'; step: number; ok: boolean; logged: boolean }

export const ORDER_STEPS = ['reserve-inventory', 'charge-payment', 'create-shipment'] as const;

/** The order saga: `fail` is the index of the step whose action fails; `compensationFailures[i]` failures for step i. */
export function orderSaga(opts: { fail?: number; compensationFailures?: Record<number, number> } = {}): ScriptStep[] {
  return ORDER_STEPS.map((name, i) => ({
    name, action: opts.fail === i ? 'fail' as const : 'ok' as const,
    ...(opts.compensationFailures?.[i] ? { compensationFailures: opts.compensationFailures[i] } : {}),
  }));
}

/** One log entry as the failure messages show it: "compensation-failed 1 (attempt 2)", "saga-done". */
export const showEntry = (e: Entry): string => (e.type.startsWith('saga-') ? e.type : `${e.type} ${e.step} (attempt ${e.attempt})`);
export const showCall = (c: Call): string => `${c.kind} ${c.step} (${c.ok ? 'succeeds' : 'fails'})`;

export function describeScript(script: ScriptStep[]): string {
  if (script.length === 0) return 'no steps';
  return script.map((s, i) => {
    const comp = s.compensationFailures ? `, compensation fails ${s.compensationFailures}x` : '';
    return `${i}:${s.name} (${s.action === 'ok' ? 'ok' : 'fails'}${comp})`;
  }).join(', ');
}

export function describeCrash(c: Crash): string {
  if (c.at === 'append') return `a crash right after the ${ordinal(c.n)} append of this run is stored`;
  return `a crash while the ${ordinal(c.n)} ${c.at} called in this run is running (its effect has happened)`;
}
const ordinal = (n: number): string => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;

/** Compares a saga's log (from the driver) with the model's: every entry, its saga id and its order. */
export function expectLog(saga: string, received: Entry[], expected: Entry[], why: string): void {
  const wrongSaga = received.find((e) => e.saga !== saga);
  expectThat(wrongSaga === undefined, `${why}: every entry of saga ${saga} must carry saga: "${saga}"`, { expected: saga, received: wrongSaga });
  expectMatch(received.map(showEntry), expected.map(showEntry), `${why}: the log of saga ${saga} differs from the contract`);
}

/** Compares the journal of stub calls; `writeAhead` also requires the matching "-started" entry at each call. */
export function expectJournal(saga: string, received: Call[], expected: Call[], why: string, writeAhead: boolean): void {
  expectActionsOnce(saga, received, expected, why);
  expectMatch(received.map(showCall), expected.map(showCall), `${why}: the actions and compensations called for saga ${saga} differ from the contract (in the order they were called)`);
  if (!writeAhead) return;
  const unlogged = received.find((c) => !c.logged);
  expectThat(unlogged === undefined,
    `${why}: ${unlogged ? showCall(unlogged) : ''} of saga ${saga} was called before its ${unlogged?.kind === 'action' ? 'step-started' : 'compensation-started'} entry was the last entry of the log; append the -started entry first, then call`,
    { expected: 'every call finds its -started entry last in the log', received: received.map((c) => `${showCall(c)}: ${c.logged ? 'logged first' : 'NOT logged first'}`) });
}

/** No action may run twice, crash or not: the most important promise of the saga, so it is checked first. */
export function expectActionsOnce(saga: string, received: Call[], expected: Call[], why: string): void {
  const actions = new Map<number, number>();
  for (const c of received) if (c.kind === 'action') actions.set(c.step, (actions.get(c.step) ?? 0) + 1);
  for (const [step, n] of actions) {
    expectThat(n <= 1, `${why}: the action of step ${step} of saga ${saga} was called ${n} times; an action runs at most once, even across a crash (an interrupted step is compensated, never run again)`,
      { expected: expected.map(showCall), received: received.map(showCall) });
  }
}

/** An orchestrator behind the wire, side by side with the contract's model. */
export class Sagas {
  model: SagaModel;
  constructor(private readonly ctx: CheckContext, private readonly writeAhead = false) { this.model = new SagaModel(1); }

  get program(): Program { return this.ctx.program; }

  async create(maxCompensationAttempts: number): Promise<void> {
    this.ctx.note(`a new orchestrator and log: maxCompensationAttempts ${maxCompensationAttempts}`);
    this.model = new SagaModel(maxCompensationAttempts);
    await this.program.expect({ op: 'new', maxCompensationAttempts }, { ok: true }, { message: 'the driver could not create the orchestrator' });
  }

  /**
   * Runs the saga (with an optional crash) and checks the reply, the log and the journal against the
   * model. A crash is real: the driver exits at the crash point and the program is started again, so
   * the log and journal are read back by the new process before they are compared.
   */
  async run(saga: string, script: ScriptStep[], crash?: Crash): Promise<void> {
    const outcome = this.model.run(saga, script, crash);
    const why = crash ? `run(${saga}) with ${describeCrash(crash)}` : `run(${saga})`;
    this.ctx.note(`${why}; steps: ${describeScript(script)}`);
    const result = await runOnProgram(this.program, { op: 'run', saga, steps: script, ...(crash ? { crash } : {}) });
    if (!result.crashed && result.reply.error !== undefined) expectRunResult(why, result, outcome, this.model.entries(saga));
    await this.expectState(saga, why);
    expectRunResult(why, result, outcome, this.model.entries(saga));
  }

  /** The saga's calls (no action twice first), its log, then every call and the write-ahead rule. */
  async expectState(saga: string, why: string): Promise<void> {
    const log = await this.program.call({ op: 'log', saga });
    const journal = await this.program.call({ op: 'journal', saga });
    expectActionsOnce(saga, journal.calls as Call[], this.model.calls(saga), why);
    expectLog(saga, log.entries as Entry[], this.model.entries(saga), why);
    expectJournal(saga, journal.calls as Call[], this.model.calls(saga), why, this.writeAhead);
  }
}

/** The exit code the provided driver uses for an injected crash. */
export const CRASH_EXIT_CODE = 75;

/** What a `run` request did: replied, or exited at its injected crash (and the program was started again). */
export type RunResult = { crashed: false; reply: Reply } | { crashed: true };

/**
 * Sends `run`; when it carries a crash, the driver exits at the crash point instead of replying, and
 * the program is started again at once (same folder, so the driver reads its log back). Any other
 * exit is the program's own crash, not the injected one.
 */
export async function runOnProgram(program: Program, request: Request): Promise<RunResult> {
  if (request.crash === undefined) return { crashed: false, reply: await program.call(request) };
  const result = await program.callExpectingExit(request);
  if (!result.exited) return { crashed: false, reply: result.reply };
  if (result.code !== CRASH_EXIT_CODE) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${String(result.code)}`;
    throw new ProgramFault(`your program ${how} during run, not at the injected crash (the driver exits with code ${CRASH_EXIT_CODE} there)`);
  }
  await program.restart();
  return { crashed: true };
}

/** Compares what `run` did (a reply or the injected crash) with the model's outcome. */
export function expectRunResult(why: string, result: RunResult, expected: Outcome | 'crashed', modelLog: Entry[]): void {
  const contract = expected === 'crashed' ? 'the process exits at the crash point' : { outcome: expected };
  const shownLog = modelLog.map(showEntry).join(', ') || 'empty';
  if (!result.crashed && result.reply.error !== undefined) {
    throw new CheckFailure(`${why}: run must return an outcome (${expected === 'crashed' ? 'or reach the crash point' : expected}), not an error`, { expected: contract, received: result.reply });
  }
  if (expected === 'crashed' && !result.crashed) {
    throw new CheckFailure(`${why}: the crash point was never reached, so run stopped earlier than the contract's orchestrator; the contract's log at the crash: ${shownLog}`,
      { expected: contract, received: result.reply });
  }
  if (expected !== 'crashed' && result.crashed) {
    throw new CheckFailure(`${why}: run went on past the point where the contract's orchestrator returns ${expected}, and reached the crash point; the contract's log: ${shownLog}`,
      { expected: contract, received: 'the process exited at the crash point' });
  }
  if (!result.crashed) expectMatch(result.reply, { outcome: expected }, `${why}: the outcome differs from the contract`);
}
