import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomicLib from 'write-file-atomic';

/** Writes through a temporary file and a rename, so a crash leaves either the old or the new content. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomicLib(file, content, { encoding: 'utf8', fsync: true });
}
