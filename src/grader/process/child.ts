import { execa, type ResultPromise } from 'execa';
import { findOnPath } from './find-on-path.js';
import { killMarked, MARK_VARIABLE, newMark } from './marks.js';
import { watchMemory } from './memory-watch.js';
import { OutputTail } from './output-tail.js';
import { signalGroup, trackGroup, untrackGroup } from './registry.js';

export interface MemoryLimit {
  /** Resident memory the program and everything it starts may use together. */
  mib: number;
  /** Text a runtime prints when its own heap limit (set from `mib` in the track's run line) stopped it. */
  outOfMemory: string[];
  /** Address-space limit (prlimit --as) for runtimes that reserve little beyond what they use; absent: none. */
  addressSpaceMiB?: number;
}

export interface SpawnSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  memory?: MemoryLimit;
  /** The same program, started ahead of need and released on demand (see standby.ts); absent: a restart starts it afresh. */
  standby?: SpawnSpec;
}

export interface ExitInfo { code: number | null; signal: string | null; memoryMiB?: number }

/** Grace between SIGTERM and SIGKILL when stopping a program's process group. */
export const KILL_GRACE_MS = 2_000;
/** Once the program and every marked descendant are dead its pipes close; this only bounds a pipe held elsewhere. */
const PIPE_DRAIN_MS = 2_000;

/**
 * A learner's program (or a helper server) in its own process group, so that stopping it also stops
 * whatever it started; processes that left the group (setsid, double fork) are found by their mark and
 * killed when the program exits. stderr is kept as a bounded tail; stdout is handed to `onStdout`.
 */
export class ChildProcess {
  readonly stderr = new OutputTail();
  readonly stdoutTail = new OutputTail(20);
  readonly exited: Promise<ExitInfo>;
  exitInfo: ExitInfo | undefined;
  private readonly subprocess: ResultPromise;
  private readonly mark = newMark();
  private memoryExceeded = false;
  readonly pid: number;

  constructor(spec: SpawnSpec, onStdout: (chunk: string) => void, onStderr?: (chunk: string) => void) {
    const [command, args] = withAddressSpaceLimit(spec);
    this.subprocess = execa(command, args, {
      cwd: spec.cwd, env: { ...spec.env, [MARK_VARIABLE]: this.mark }, extendEnv: false, detached: true, buffer: false, reject: false,
      stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', cleanup: false, windowsHide: true,
    });
    if (this.subprocess.pid === undefined) throw new Error(`could not start ${spec.command}`);
    this.pid = this.subprocess.pid;
    trackGroup(this.pid, this.mark);
    this.subprocess.stdout?.setEncoding('utf8');
    this.subprocess.stderr?.setEncoding('utf8');
    this.subprocess.stdout?.on('data', (chunk: string) => { this.stdoutTail.push(chunk); onStdout(chunk); });
    this.subprocess.stderr?.on('data', (chunk: string) => { this.stderr.push(chunk); onStderr?.(chunk); });
    this.subprocess.stdin?.on('error', () => { /* the program closed its stdin: reported through exit */ });
    const memory = spec.memory;
    const unwatch = memory ? watchMemory(this.mark, memory.mib, () => { this.memoryExceeded = true; this.killAll(); }) : () => undefined;
    // Not the execa promise: it waits for stdout and stderr to close, which an escaped grandchild can hold open forever.
    this.exited = new Promise<ExitInfo>((resolve) => {
      let ended = false;
      const done = async (code: number | null, signal: string | null) => {
        if (ended) return;
        ended = true;
        unwatch();
        untrackGroup(this.pid);
        // Whatever the program started must not outlive it: its group, and every marked process that left it.
        this.killAll();
        await this.drained();
        const outOfMemory = this.memoryExceeded || (memory !== undefined && memory.outOfMemory.some((p) => this.stderr.get().some((l) => l.includes(p))));
        const info: ExitInfo = { code, signal, ...(outOfMemory && memory ? { memoryMiB: memory.mib } : {}) };
        this.exitInfo = info;
        resolve(info);
      };
      this.subprocess.once('exit', (code, signal) => void done(code, signal));
      this.subprocess.once('error', () => void done(null, null));
    });
    this.subprocess.catch(() => { /* reject: false; failures to spawn arrive as 'error' above */ });
  }

  get alive(): boolean { return this.exitInfo === undefined; }

  write(text: string): void {
    if (this.alive) this.subprocess.stdin?.write(text);
  }

  /** SIGTERM to the group, SIGKILL after the grace; resolves once the program has exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = KILL_GRACE_MS): Promise<ExitInfo> {
    if (!this.alive) return this.exited;
    signalGroup(this.pid, signal);
    if (signal === 'SIGKILL') { this.killAll(); return this.exited; }
    const timer = setTimeout(() => this.killAll(), graceMs);
    try { return await this.exited; } finally { clearTimeout(timer); }
  }

  private killAll(): void {
    signalGroup(this.pid, 'SIGKILL');
    killMarked(new Set([this.mark]));
  }

  /** Lets the last output arrive, bounded: a pipe still held by a process we could not find is dropped. */
  private async drained(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => { timer = setTimeout(resolve, PIPE_DRAIN_MS); });
    await Promise.race([this.subprocess.then(() => undefined, () => undefined), bound]);
    clearTimeout(timer);
    this.subprocess.stdout?.destroy();
    this.subprocess.stderr?.destroy();
  }
}

function withAddressSpaceLimit(spec: SpawnSpec): [string, string[]] {
  const limit = spec.memory?.addressSpaceMiB;
  const prlimit = limit ? findOnPath('prlimit') : undefined;
  if (!limit || !prlimit) return [spec.command, spec.args];
  return [prlimit, [`--as=${limit * 1024 * 1024}`, '--', spec.command, ...spec.args]];
}

export function describeExit(info: ExitInfo): string {
  if (info.memoryMiB !== undefined) return `used more than ${info.memoryMiB} MiB of memory (the lab's limit) and was stopped`;
  if (info.signal) return `was killed by ${info.signal}`;
  return `exited with code ${info.code}`;
}
