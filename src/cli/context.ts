import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Everything a command reaches of the outside world; built once by main.ts, faked in tests. */
export interface CliContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  /** True when both stdin and stdout are terminals: interactive screens and prompts are allowed. */
  interactive: boolean;
  /** Lab pack folders given with `--labs` (as typed; SYSDESIGN_LABS adds more, see cli/catalog-access.ts). */
  labPacks?: string[];
  /** The folder of the progress store. */
  home: string;
  /** The clock; `SYSDESIGN_NOW` (an ISO date) fixes it, a test seam for end-to-end tests. */
  now(): Date;
  /** Cancelled on Ctrl-C. */
  signal: AbortSignal;
  exitCode: number;
}

export function storeHome(env: NodeJS.ProcessEnv): string {
  if (env.SYSDESIGN_HOME) return env.SYSDESIGN_HOME;
  const home = homedir();
  switch (platform()) {
    case 'darwin': return join(home, 'Library', 'Application Support', 'sysdesign-lab');
    case 'win32': return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'sysdesign-lab');
    default: return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'sysdesign-lab');
  }
}

export function createProcessContext(signal: AbortSignal): CliContext {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    home: storeHome(process.env),
    now: () => (process.env.SYSDESIGN_NOW ? new Date(process.env.SYSDESIGN_NOW) : new Date()),
    signal,
    exitCode: 0,
  };
}

export function write(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
