import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import writeFileAtomicLib from 'write-file-atomic';

export interface AtomicWriteOptions {
  /**
   * TEST SEAM, never set in normal use: once the temporary file exists, write the first half of the content
   * into it and wait this long before the real write and the rename. The e2e crash test sets it (through
   * SYSDESIGN_TEST_PAUSE_MID_WRITE_MS, read by store.ts) to SIGKILL a writer in the middle of its write.
   */
  pauseMidWriteMs?: number;
}

/** Writes through a temporary file and a rename, so a crash leaves either the old or the new content. */
export async function writeFileAtomic(file: string, content: string, options: AtomicWriteOptions = {}): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const pause = options.pauseMidWriteMs;
  await writeFileAtomicLib(file, content, {
    encoding: 'utf8',
    fsync: true,
    tmpfileCreated: pause ? async (tmp: string) => {
      await writeFile(tmp, content.slice(0, Math.floor(content.length / 2)));
      await sleep(pause);
    } : undefined,
  });
}
