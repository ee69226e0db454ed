import { setTimeout as sleep } from 'node:timers/promises';
import { ProgramFault } from '../check-failure.js';
import { ChildProcess, describeExit, type SpawnSpec } from '../process/child.js';
import { OutputTail } from '../process/output-tail.js';
import { sendRequest } from './http-client.js';

/** How long a graceful stop (SIGTERM) may take before it counts as a hang. */
export const GRACEFUL_STOP_MS = 5_000;
const POLL_INTERVAL_MS = 50;
const POLL_REQUEST_MS = 1_000;

export interface InstanceOptions {
  spawn: SpawnSpec;
  port: number;
  dataDir: string;
  /** The lab's `service.env` and the helpers' addresses. */
  env: Record<string, string>;
  startTimeoutMs: number;
  /** Runtime messages worth translating (the race detector …), from the track. */
  faults: { pattern: string; message: string }[];
  signal: AbortSignal;
}

/**
 * A learner's (or the reference's) HTTP server: started with PORT and DATA_DIR, ready once GET /healthz
 * answers 200, restarted on the same port and DATA_DIR. stdout and stderr are both kept as one tail, since
 * neither is a wire here.
 */
export class ServiceInstance {
  readonly output = new OutputTail(60);
  private child: ChildProcess | undefined;
  readonly baseUrl: string;

  constructor(private readonly options: InstanceOptions) {
    this.baseUrl = `http://127.0.0.1:${options.port}`;
  }

  get alive(): boolean { return this.child?.alive ?? false; }
  get dataDir(): string { return this.options.dataDir; }

  /** Starts the server and waits until it is ready; a ProgramFault (with the output tail) otherwise. */
  async start(): Promise<void> {
    const { spawn, port, dataDir, env } = this.options;
    const child = new ChildProcess(
      { ...spawn, env: { ...spawn.env, ...env, PORT: String(port), DATA_DIR: dataDir } },
      (chunk) => this.output.push(chunk), (chunk) => this.output.push(chunk),
    );
    this.child = child;
    await this.waitReady(child);
  }

  /** Why the server is not answering, when it is because it exited. */
  exitReason(): string | undefined {
    const info = this.child?.exitInfo;
    if (!info) return undefined;
    const output = this.output.get().join('\n');
    const known = this.options.faults.find((f) => output.includes(f.pattern));
    return known ? `${known.message} (your server ${describeExit(info)})` : `your server ${describeExit(info)}`;
  }

  /** SIGTERM and a bounded wait (a hang is the program's fault), or SIGKILL at once. */
  async stop(how: 'graceful' | 'crash' | 'cleanup' = 'cleanup'): Promise<void> {
    const child = this.child;
    if (!child?.alive) return;
    if (how === 'crash') { await child.stop('SIGKILL'); return; }
    let hung = false;
    const timer = setTimeout(() => { hung = true; }, GRACEFUL_STOP_MS);
    try {
      await child.stop('SIGTERM', GRACEFUL_STOP_MS);
    } finally { clearTimeout(timer); }
    if (hung && how === 'graceful') {
      throw new ProgramFault(`did not exit within ${GRACEFUL_STOP_MS / 1000} s of SIGTERM (a graceful stop must finish its writes and exit); it was killed`, this.output.get());
    }
  }

  private async waitReady(child: ChildProcess): Promise<void> {
    const { startTimeoutMs, signal } = this.options;
    const deadline = Date.now() + startTimeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      if (signal.aborted) throw new ProgramFault('grading was interrupted while the server was starting', this.output.get());
      if (!child.alive) {
        throw new ProgramFault(`${this.exitReason() ?? 'your server exited'} before answering GET /healthz`, this.output.get());
      }
      try {
        const reply = await sendRequest(this.baseUrl, 'GET', '/healthz', { timeoutMs: Math.min(POLL_REQUEST_MS, Math.max(1, deadline - Date.now())), signal });
        if (reply.status === 200) return;
        last = ` (it answered ${reply.status})`;
      } catch { /* not listening yet */ }
      await sleep(POLL_INTERVAL_MS, undefined, { signal }).catch(() => undefined);
    }
    const seconds = Number.isInteger(startTimeoutMs / 1000) ? `${startTimeoutMs / 1000} s` : `${startTimeoutMs} ms`;
    await this.stop('crash');
    throw new ProgramFault(`did not answer GET /healthz within ${seconds}${last}: a service lab's server listens on 127.0.0.1:$PORT and answers GET /healthz with 200 once it is ready`, this.output.get());
  }
}
