import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * Processes whose working folder or command line lies inside `dir`: after a grade there must be none.
 * Reads /proc, so it answers on Linux (CI and the developers' machines).
 */
export function processesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cwd.startsWith(dir) || cmdline.includes(dir)) found.push(`${pid}: ${cmdline.trim()}`);
    } catch { /* gone, or not ours to read */ }
  }
  return found;
}
