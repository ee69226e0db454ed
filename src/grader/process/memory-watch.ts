import { markedProcesses, residentBytes } from './marks.js';

/** How often resident memory is sampled; a runtime's own limit (track `run` flags) usually fires first. */
const SAMPLE_MS = 200;

interface Watched { limitBytes: number; onExceeded(): void }
const watched = new Map<string, Watched>();
let timer: NodeJS.Timeout | undefined;

/**
 * Sums the resident memory of every process carrying a mark (a program and all it started) and calls
 * `onExceeded` once the sum passes the limit. One shared sampler for all running programs.
 */
export function watchMemory(mark: string, limitMiB: number, onExceeded: () => void): () => void {
  watched.set(mark, { limitBytes: limitMiB * 1024 * 1024, onExceeded });
  timer ??= setInterval(sample, SAMPLE_MS).unref();
  return () => {
    watched.delete(mark);
    if (watched.size === 0 && timer) { clearInterval(timer); timer = undefined; }
  };
}

function sample(): void {
  const totals = new Map<string, number>();
  for (const [pid, mark] of markedProcesses(new Set(watched.keys()))) {
    totals.set(mark, (totals.get(mark) ?? 0) + residentBytes(pid));
  }
  for (const [mark, total] of totals) {
    const entry = watched.get(mark);
    if (entry && total > entry.limitBytes) { watched.delete(mark); entry.onExceeded(); }
  }
}
