import { killMarked } from './marks.js';

/** Every process group we started and have not seen exit: killed on the way out, whatever happens. */
const live = new Map<number, string>();

export function trackGroup(pid: number, mark: string): void { live.set(pid, mark); }
export function untrackGroup(pid: number): void { live.delete(pid); }

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try { process.kill(-pid, signal); } catch { /* the group is gone already */ }
}

/** Synchronous, so it also works from process.on('exit'): every group, and every marked process that left its group. */
export function killAllChildrenNow(): void {
  for (const pid of live.keys()) signalGroup(pid, 'SIGKILL');
  live.clear();
  killMarked();
}

