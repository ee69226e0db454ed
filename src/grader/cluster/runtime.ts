import { ProgramFault } from '../check-failure.js';
import { ChildProcess, describeExit, type SpawnSpec } from '../process/child.js';
import type { ResetCommand, RunAnswer, RunCommand } from './wire.js';

/**
 * The track's cluster driver process, hosting every node: one command line out, one answer line back, in
 * order. Each answer is bounded in wall time; a fault (exit, junk, a stuck handler) fails this command and
 * every later one with the same message, and the process is stopped.
 */
export class RuntimeProcess {
  private readonly child: ChildProcess;
  private pieces: string[] = [];
  private readonly waiting: { resolve(line: string): void; reject(error: Error): void }[] = [];
  private fault: string | undefined;

  constructor(spec: SpawnSpec, private readonly answerTimeoutMs: number, private readonly faultPatterns: { pattern: string; message: string }[] = []) {
    this.child = new ChildProcess(spec, (chunk) => this.onStdout(chunk));
    void this.child.exited.then((info) => this.setFault(this.exitMessage(describeExit(info))));
  }

  get alive(): boolean { return this.child.alive && this.fault === undefined; }
  get pid(): number { return this.child.pid; }
  get stderrTail(): string[] { return this.child.stderr.get(); }
  stop(): Promise<unknown> { return this.child.stop(); }

  async reset(command: ResetCommand): Promise<void> {
    const answer = this.parse<{ ok?: boolean; error?: string }>(await this.send(command));
    if (!answer.ok) this.failWith(`the cluster driver refused a reset: ${answer.error ?? 'no reason given'}`);
  }

  async run(command: RunCommand): Promise<RunAnswer> {
    const answer = this.parse<RunAnswer & { error?: string }>(await this.send(command));
    if (!Array.isArray(answer.done)) this.failWith(`the cluster driver answered a run without results: ${answer.error ?? 'no reason given'}`);
    return answer;
  }

  private send(command: object): Promise<string> {
    if (this.fault !== undefined) return Promise.reject(new ProgramFault(this.fault, this.stderrTail));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.setFault(`the nodes did not finish a batch of events within ${this.answerTimeoutMs} ms of real time (is a handler stuck in a loop?)`);
        void this.child.stop('SIGKILL');
      }, this.answerTimeoutMs);
      this.waiting.push({
        resolve: (line) => { clearTimeout(timer); resolve(line); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
      this.child.write(`${JSON.stringify(command)}\n`);
    });
  }

  private onStdout(chunk: string): void {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      this.pieces.push(chunk.slice(start, nl));
      const line = this.pieces.join('');
      this.pieces = [];
      start = nl + 1;
      if (line.trim() === '') continue;
      const waiter = this.waiting.shift();
      if (!waiter || !line.startsWith('{')) {
        this.setFault(`the cluster driver printed a line that is not its answer: ${JSON.stringify(line.slice(0, 120))} (node code must not write to stdout; log with ctx.log)`);
        void this.child.stop('SIGKILL');
        return;
      }
      waiter.resolve(line);
    }
    if (start < chunk.length) this.pieces.push(chunk.slice(start));
  }

  private parse<T>(line: string): T {
    try {
      return JSON.parse(line) as T;
    } catch {
      return this.failWith(`the cluster driver printed a line that is not JSON: ${JSON.stringify(line.slice(0, 120))} (node code must not write to stdout; log with ctx.log)`);
    }
  }

  private failWith(message: string): never {
    this.setFault(message);
    void this.child.stop('SIGKILL');
    throw new ProgramFault(message, this.stderrTail);
  }

  private setFault(message: string): void {
    if (this.fault !== undefined) return;
    this.fault = message;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new ProgramFault(message, this.stderrTail));
  }

  private exitMessage(how: string): string {
    const stderr = this.child.stderr.get().join('\n');
    const known = this.faultPatterns.find((p) => stderr.includes(p.pattern));
    return known ? `${known.message} (the cluster driver ${how})` : `the cluster driver ${how} before answering`;
  }
}
