import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SysdesignError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

/** A grade (a `watch` and a manual `grade` …) waits this long for another using the same build folder. */
const WAIT_MS = 15 * 60_000;
const RETRY_MS = 200;
/** A lock whose holder died (SIGKILL) is taken over after this; the holder refreshes it meanwhile. */
const STALE_MS = 20_000;

/**
 * Runs `work` holding the lock on one build folder, so two grades of one workspace never assemble and
 * run in the same place at once. Waits for the other (telling `onWait` once), bounded and abortable.
 */
export async function withBuildLock<T>(buildRoot: string, signal: AbortSignal, onWait: () => void, work: () => Promise<T>): Promise<T> {
  const { default: lockfile } = await import('proper-lockfile');
  await mkdir(dirname(buildRoot), { recursive: true });
  const options = { lockfilePath: `${buildRoot}.lock`, stale: STALE_MS, realpath: false, onCompromised: () => { /* the grade goes on; the next one waits */ } };
  const until = Date.now() + WAIT_MS;
  let release: (() => Promise<void>) | undefined;
  for (let told = false; !release;) {
    try {
      release = await lockfile.lock(buildRoot, options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
      if (Date.now() > until) {
        throw new SysdesignError(`another grade of this workspace has been running for over ${WAIT_MS / 60_000} minutes`, ExitCode.Usage,
          'stop it (Ctrl-C in its terminal, or quit its `sysdesign watch`) and grade again.');
      }
      if (!told) { onWait(); told = true; }
      await sleep(RETRY_MS, undefined, { signal });
    }
  }
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}
