import { ChildProcess, type SpawnSpec } from './child.js';

/**
 * The source of the standby launcher (track `standby` run line, `{standbyLauncher}`; run with
 * `--input-type=module --eval`): it blocks, before any of the program's code runs, until one line
 * arrives on stdin, then imports the program named by its first argument. The runtime's start is paid
 * ahead of need; the program itself starts only when released, over whatever files exist then. It reads
 * stdin a byte at a time, so nothing after that line is taken from the program.
 */
export const STANDBY_LAUNCHER = [
  "import { readSync } from 'node:fs';",
  "import { pathToFileURL } from 'node:url';",
  'const byte = Buffer.alloc(1);',
  'const pause = new Int32Array(new SharedArrayBuffer(4));',
  'for (;;) {',
  '  let n;',
  "  try { n = readSync(0, byte, 0, 1, null); } catch (e) { if (e.code === 'EAGAIN') { Atomics.wait(pause, 0, 0, 2); continue; } throw e; }",
  '  if (n === 0) process.exit(0);',
  '  if (byte[0] === 10) break;',
  '}',
  'await import(pathToFileURL(process.argv[1]).href);',
].join('\n');

/**
 * A process of the program started ahead of need and held by the launcher: a restart releases it instead
 * of paying a runtime's start (a Node start is most of a TypeScript restart). Its output is kept until
 * the connection that takes it over is listening.
 */
export class StandbyProcess {
  readonly child: ChildProcess;
  private sink: ((chunk: string) => void) | undefined;
  private readonly early: string[] = [];

  constructor(spec: SpawnSpec) {
    this.child = new ChildProcess(spec, (chunk) => (this.sink ? this.sink(chunk) : this.early.push(chunk)));
  }

  /** Lets the program run, its stdout going to `onStdout` from now on. */
  release(onStdout: (chunk: string) => void): ChildProcess {
    this.sink = onStdout;
    for (const chunk of this.early.splice(0)) onStdout(chunk);
    this.child.write('\n');
    return this.child;
  }
}
