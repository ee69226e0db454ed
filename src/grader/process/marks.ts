import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every program the grader starts carries `SYSDESIGN_RUN_MARK=<mark>` in its environment, and so does
 * everything it starts in turn (a double fork or `setsid` keeps the environment, not the process group).
 * Scanning /proc for the mark finds every descendant, escaped or not. Linux only: elsewhere the process
 * group is all there is (see README "Safety").
 */
export const MARK_VARIABLE = 'SYSDESIGN_RUN_MARK';
const PROC = '/proc';
const available = (() => { try { readdirSync(`${PROC}/self/fd`); return true; } catch { return false; } })();

/** A fresh mark for one started program: unique to this sysdesign process and this program. */
let counter = 0;
const prefix = `${process.pid}-${randomBytes(4).toString('hex')}`;
export function newMark(): string { return `${prefix}-${++counter}`; }

// A process's environment is fixed at exec, so a pid found unmarked stays unmarked: read it once.
const unmarked = new Set<number>();
const markOf = new Map<number, string>();

/** Pids of live processes carrying one of `marks` (all of this sysdesign's marks when absent). */
export function markedProcesses(marks?: ReadonlySet<string>): Map<number, string> {
  const found = new Map<number, string>();
  if (!available) return found;
  let names: string[];
  try { names = readdirSync(PROC); } catch { return found; }
  const seen = new Set<number>();
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    seen.add(pid);
    if (unmarked.has(pid)) continue;
    let mark = markOf.get(pid);
    if (mark === undefined) {
      mark = readMark(pid);
      if (mark === undefined) { unmarked.add(pid); continue; }
      markOf.set(pid, mark);
    }
    if (marks ? marks.has(mark) : mark.startsWith(prefix)) found.set(pid, mark);
  }
  for (const pid of markOf.keys()) if (!seen.has(pid)) markOf.delete(pid);
  for (const pid of unmarked) if (!seen.has(pid)) unmarked.delete(pid);
  return found;
}

function readMark(pid: number): string | undefined {
  let environ: string;
  try { environ = readFileSync(`${PROC}/${pid}/environ`, 'latin1'); } catch { return undefined; }
  const at = environ.indexOf(`${MARK_VARIABLE}=`);
  if (at < 0 || (at > 0 && environ[at - 1] !== '\0')) return undefined;
  const end = environ.indexOf('\0', at);
  return environ.slice(at + MARK_VARIABLE.length + 1, end < 0 ? undefined : end);
}

/** SIGKILL to every live process carrying one of `marks` (all of ours when absent). Synchronous, for exit handlers. */
export function killMarked(marks?: ReadonlySet<string>): number {
  const pids = markedProcesses(marks);
  for (const pid of pids.keys()) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone already */ }
  }
  return pids.size;
}

/** Resident memory of one process in bytes, or 0 when it is gone or unreadable. */
export function residentBytes(pid: number): number {
  try {
    const status = readFileSync(`${PROC}/${pid}/status`, 'latin1');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch { return 0; }
}

export const canTrackDescendants = available;
