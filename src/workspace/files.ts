import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';

/** Every file below `dir`, as relative paths with forward slashes, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** Joins a relative path onto `root` and refuses anything that would land outside it. */
export function inside(root: string, rel: string): string {
  const full = resolve(root, rel);
  const fromRoot = relative(resolve(root), full);
  // relative(), not a prefix test: a root of "/" ends in the separator already.
  if (fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
    throw new UsageError(`refusing to touch ${rel}: it is outside ${root}`);
  }
  return full;
}
