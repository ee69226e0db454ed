/** Every process group we started and have not seen exit: killed on the way out, whatever happens. */
const live = new Set<number>();

export function trackGroup(pid: number): void { live.add(pid); }
export function untrackGroup(pid: number): void { live.delete(pid); }

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try { process.kill(-pid, signal); } catch { /* the group is gone already */ }
}

/** Synchronous, so it also works from process.on('exit'). */
export function killAllChildrenNow(): void {
  for (const pid of live) signalGroup(pid, 'SIGKILL');
  live.clear();
}
