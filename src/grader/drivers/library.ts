import type { Operations } from '../../catalog/schema/operations.js';
import { CheckFailure, LabBug, ProgramFault, type Step } from '../check-failure.js';
import { expectMatch } from '../expect.js';
import type { CallOptions, ExitOrReply, InFlight, Program, Reply, Request } from '../api.js';
import { ChildProcess, describeExit, type SpawnSpec } from '../process/child.js';
import { StandbyProcess } from '../process/standby.js';
import { encodeRequest, LineDecoder } from '../protocol/line-codec.js';
import { checkReply, requestProblem } from '../protocol/operations.js';
import type { DriverRequest, DriverSession } from './driver.js';

export interface FaultPattern { pattern: string; message: string }

/** A reply without the fields operations.yaml declares for it: the program's failure. */
class ReplyShapeFailure extends CheckFailure {
  constructor(message: string, reply: Reply) {
    super(message, { received: reply });
  }
}

interface Pending { resolve(reply: Reply): void; settled: boolean; reply?: Reply }


/**
 * The learner's program over the JSON-lines wire. Replies are paired with requests by id; a fault on the
 * wire (junk line, flood, exit) fails every call waiting now and every later one with the same message.
 */
/** One process of the learner's program; the session (below) replaces it on `restart`. */

export class LibraryConnection implements Omit<Program, 'restart'> {
  private readonly child: ChildProcess;
  private readonly decoder = new LineDecoder();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private fault: string | undefined;
  private readonly faultListeners = new Set<(message: string) => void>();
  /** The transcript of the check being run; the stage runner swaps it per check. */
  steps: Step[] = [];

  /** Settles with the process's first reply: until then, a call's bound includes the start-up allowance. */
  private readonly firstReply: Promise<void>;
  private markFirstReply: () => void = () => undefined;
  private answered = false;

  /**
   * `source`: how to start the program, or a process waiting in standby to release.
   * `operations`: the lab's declared operations; every request and reply is held against them when given.
   */
  constructor(source: SpawnSpec | StandbyProcess, private readonly replyTimeoutMs: number, private readonly faultPatterns: FaultPattern[] = [],
    private readonly startAllowanceMs = 0, private readonly operations?: Operations) {
    this.firstReply = new Promise<void>((resolve) => { this.markFirstReply = resolve; });
    const onStdout = (chunk: string) => this.onStdout(chunk);
    this.child = source instanceof StandbyProcess ? source.release(onStdout) : new ChildProcess(source, onStdout);
    void this.child.exited.then((info) => this.setFault(this.exitMessage(describeExit(info))));
  }

  get alive(): boolean { return this.child.alive && this.fault === undefined; }
  get stderrTail(): string[] { return this.child.stderr.get(); }
  get pid(): number { return this.child.pid; }
  stop(): Promise<unknown> { return this.child.stop(); }

  start(request: Request): InFlight {
    const problem = this.operations && requestProblem(this.operations, request);
    if (problem) throw new LabBug(`the check sent ${JSON.stringify(request)}, which operations.yaml does not allow: ${problem}`);
    const id = this.nextId++;
    const step: Step = { kind: 'send', request };
    this.steps.push(step);
    const entry: Pending = { resolve: () => undefined, settled: false };
    const arrived = new Promise<Reply>((resolve) => { entry.resolve = resolve; });
    this.pending.set(id, entry);
    this.child.write(encodeRequest(id, request));
    const markReplied = (reply: Reply) => Object.assign(step, { kind: 'reply', reply });
    return {
      request,
      get settled() { return entry.settled; },
      reply: (options?: CallOptions) => this.await(request, arrived, options).then((reply) => {
        markReplied(reply);
        this.checkReply(request, reply);
        return reply;
      }),
    };
  }

  async call(request: Request, options?: CallOptions): Promise<Reply> {
    return this.start(request).reply(options);
  }

  /** Sends a request the driver answers by exiting (an injected crash); a reply instead is returned as such. */
  async callExpectingExit(request: Request, options?: CallOptions): Promise<ExitOrReply> {
    try {
      return { exited: false, reply: await this.call(request, options) };
    } catch (error) {
      const info = this.child.exitInfo;
      if (!info || !(error instanceof ProgramFault)) throw error;
      this.steps.push({ kind: 'note', text: `your program ${describeExit(info)} (the crash this check injected)` });
      return { exited: true, code: info.code, signal: info.signal };
    }
  }

  async expect(request: Request, expected: Reply, options: CallOptions & { message?: string } = {}): Promise<Reply> {
    let reply: Reply;
    try {
      reply = await this.call(request, options);
    } catch (error) {
      // What the check was proving stays in front of what the reply lacks.
      if (error instanceof ReplyShapeFailure && options.message) {
        throw new CheckFailure(`${options.message} (${error.message})`, { expected, received: error.received });
      }
      throw error;
    }
    expectMatch(reply, expected, options.message);
    return reply;
  }

  private await(request: Request, arrived: Promise<Reply>, options?: CallOptions): Promise<Reply> {
    const timeoutMs = options?.timeoutMs ?? this.replyTimeoutMs;
    return new Promise<Reply>((resolve, reject) => {
      let done = false;
      let timer: NodeJS.Timeout | undefined;
      const arm = (ms: number, bound: string) => {
        clearTimeout(timer);
        timer = setTimeout(() => { cleanup(); reject(new ProgramFault(`did not answer ${JSON.stringify(request)} within ${bound}`)); }, ms);
      };
      const onFault = (message: string) => { cleanup(); reject(new ProgramFault(message)); };
      const cleanup = () => { done = true; clearTimeout(timer); this.faultListeners.delete(onFault); };
      if (this.fault !== undefined) { onFault(this.fault); return; }
      this.faultListeners.add(onFault);
      if (this.answered) arm(timeoutMs, `${timeoutMs} ms`);
      else {
        // A process that has not answered yet may still be starting: its own bound begins once it has.
        arm(this.startAllowanceMs + timeoutMs, `${timeoutMs} ms (after ${this.startAllowanceMs} ms allowed for your program to start)`);
        void this.firstReply.then(() => { if (!done) arm(timeoutMs, `${timeoutMs} ms`); });
      }
      void arrived.then((reply) => { cleanup(); resolve(reply); });
    });
  }

  /** A reply the declarations refuse fails the check (the program's fault) or the grade (the lab's). */
  private checkReply(request: Request, reply: Reply): void {
    if (!this.operations) return;
    const verdict = checkReply(this.operations, request.op, reply);
    if (verdict.ok) return;
    if (verdict.blame === 'lab') throw new LabBug(`${verdict.message} (request ${JSON.stringify(request)}, reply ${JSON.stringify(reply)})`);
    throw new ReplyShapeFailure(verdict.message, reply);
  }

  private onStdout(chunk: string): void {
    for (const line of this.decoder.push(chunk)) {
      if (line.kind === 'fault') { this.setFault(line.message); void this.child.stop('SIGKILL'); continue; }
      const entry = this.pending.get(line.id);
      if (!entry) { this.setFault(`replied to an id the grader never sent (${line.id}) or replied twice`); continue; }
      this.pending.delete(line.id);
      if (!this.answered) { this.answered = true; this.markFirstReply(); }
      entry.settled = true;
      entry.resolve(line.body);
    }
  }

  private setFault(message: string): void {
    if (this.fault !== undefined) return;
    this.fault = message;
    for (const listener of [...this.faultListeners]) listener(message);
  }

  /** Turns an exit into the most helpful sentence: a known runtime report (a data race …) wins. */
  private exitMessage(how: string): string {
    const stderr = this.child.stderr.get().join('\n');
    const known = this.faultPatterns.find((p) => stderr.includes(p.pattern));
    return known ? `${known.message} (the program ${how})` : `${how} before replying`;
  }
}

/**
 * Library labs: the program behind its driver, spoken to over JSON lines. `restart` replaces the process
 * (same build, same working folder, so files the driver keeps there survive, as after a real crash).
 */
export const openLibraryDriver = async (request: DriverRequest): Promise<DriverSession> => {
  const standbySpec = request.spawn.standby;
  // Held only once the program has been restarted: most labs never restart, and a spare start costs a core.
  let spare: StandbyProcess | undefined;
  const takeSpare = (): StandbyProcess | undefined => {
    const taken = spare;
    spare = undefined;
    if (taken?.child.alive) return taken;
    void taken?.child.stop('SIGKILL');
    return undefined;
  };
  const open = (source: SpawnSpec | StandbyProcess = request.spawn) => new LibraryConnection(source, request.lab.replyTimeoutMs, request.track.faults,
    request.track.startAllowanceMs, request.lab.operations);
  let connection = open();
  let steps: Step[] = [];
  const program: Program = {
    call: (r, o) => connection.call(r, o),
    expect: (r, e, o) => connection.expect(r, e, o),
    start: (r) => connection.start(r),
    callExpectingExit: (r, o) => connection.callExpectingExit(r, o),
    restart: async () => {
      await connection.stop();
      connection = open(takeSpare());
      connection.steps = steps;
      steps.push({ kind: 'note', text: 'started your program again (same build, same working folder)' });
      if (standbySpec) spare = new StandbyProcess(standbySpec);
    },
  };
  return {
    get alive() { return connection.alive; },
    contextFor(s) { steps = s; connection.steps = s; return { program }; },
    outputTail: () => connection.stderrTail,
    stop: async () => { await Promise.all([connection.stop(), takeSpare()?.child.stop('SIGKILL')]); },
  };
};
