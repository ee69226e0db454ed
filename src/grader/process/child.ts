import { execa, type ResultPromise } from 'execa';
import { OutputTail } from './output-tail.js';
import { signalGroup, trackGroup, untrackGroup } from './registry.js';

export interface SpawnSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface ExitInfo { code: number | null; signal: string | null }

/** Grace between SIGTERM and SIGKILL when stopping a program's process group. */
export const KILL_GRACE_MS = 2_000;


/**
 * A learner's program (or a helper server) in its own process group, so that stopping it also stops
 * whatever it started. stderr is kept as a bounded tail; stdout is handed to `onStdout`.
 */
export class ChildProcess {
  readonly stderr = new OutputTail();
  readonly stdoutTail = new OutputTail(20);
  readonly exited: Promise<ExitInfo>;
  exitInfo: ExitInfo | undefined;
  private readonly subprocess: ResultPromise;
  readonly pid: number;

  constructor(spec: SpawnSpec, onStdout: (chunk: string) => void, onStderr?: (chunk: string) => void) {
    this.subprocess = execa(spec.command, spec.args, {
      cwd: spec.cwd, env: spec.env, extendEnv: false, detached: true, buffer: false, reject: false,
      stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', cleanup: false, windowsHide: true,
    });
    if (this.subprocess.pid === undefined) throw new Error(`could not start ${spec.command}`);
    this.pid = this.subprocess.pid;
    trackGroup(this.pid);
    this.subprocess.stdout?.setEncoding('utf8');
    this.subprocess.stderr?.setEncoding('utf8');
    this.subprocess.stdout?.on('data', (chunk: string) => { this.stdoutTail.push(chunk); onStdout(chunk); });
    this.subprocess.stderr?.on('data', (chunk: string) => { this.stderr.push(chunk); onStderr?.(chunk); });
    this.subprocess.stdin?.on('error', () => { /* the program closed its stdin: reported through exit */ });
    this.exited = this.subprocess.then((result) => {
      untrackGroup(this.pid);
      // The group may still hold grandchildren; they must not outlive the program.
      signalGroup(this.pid, 'SIGKILL');
      const info = { code: result.exitCode ?? null, signal: result.signal ?? null };
      this.exitInfo = info;
      return info;
    }, (error: unknown) => {
      untrackGroup(this.pid);
      const info = { code: null, signal: null, error };
      this.exitInfo = info;
      return info;
    });
  }

  get alive(): boolean { return this.exitInfo === undefined; }

  write(text: string): void {
    if (this.alive) this.subprocess.stdin?.write(text);
  }

  /** SIGTERM to the group, SIGKILL after the grace; resolves once the program has exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = KILL_GRACE_MS): Promise<ExitInfo> {
    if (!this.alive) return this.exited;
    signalGroup(this.pid, signal);
    if (signal === 'SIGKILL') return this.exited;
    const timer = setTimeout(() => signalGroup(this.pid, 'SIGKILL'), graceMs);
    try { return await this.exited; } finally { clearTimeout(timer); }
  }
}

export function describeExit(info: ExitInfo): string {
  if (info.signal) return `was killed by ${info.signal}`;
  return `exited with code ${info.code}`;
}
