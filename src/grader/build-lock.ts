import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SysdesignError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

/** A grade (a `watch` and a manual `grade` …) waits this long for another using the same build folder. */
const WAIT_MS = 15 * 60_000;
const RETRY_MS = 200;

/**
 * Runs `work` holding the lock on one build folder, so two grades of one workspace never assemble and
 * run in the same place at once. Waits for the other (telling `onWait` once), bounded and abortable.
 * The lock is a folder made atomically, holding the holder's pid: a lock whose holder died is taken
 * over at once. (No timers or signal hooks, unlike proper-lockfile, which upset a grade under `watch`.)
 */
export async function withBuildLock<T>(buildRoot: string, signal: AbortSignal, onWait: () => void, work: () => Promise<T>): Promise<T> {
  const lock = `${buildRoot}.lock`;
  await mkdir(dirname(buildRoot), { recursive: true });
  const until = Date.now() + WAIT_MS;
  for (let told = false; !(await tryLock(lock));) {
    if (Date.now() > until) {
      throw new SysdesignError(`another grade of this workspace has been running for over ${WAIT_MS / 60_000} minutes`, ExitCode.Usage,
        'stop it (Ctrl-C in its terminal, or quit its `sysdesign watch`) and grade again.');
    }
    if (!told) { onWait(); told = true; }
    await sleep(RETRY_MS, undefined, { signal });
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function tryLock(lock: string): Promise<boolean> {
  try {
    await mkdir(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''));
    // No pid yet: the holder is between its mkdir and its write; wait for it.
    if (!holder || isAlive(holder)) return false;
    await rm(lock, { recursive: true, force: true });
    return tryLock(lock);
  }
  await writeFile(join(lock, 'pid'), String(process.pid));
  return true;
}

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}
