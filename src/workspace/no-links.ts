import { lstat, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { inside } from './files.js';

/**
 * Refuses, before anything is written, any of `paths` (relative to `root`) that is a symbolic link or
 * lies below one: a link in a workspace (`.sysdesign/build`, an edit file) could lead a write, a copy or
 * a delete out of it. `root` itself may be a link (a folder the user named).
 */
export async function refuseLinks(root: string, paths: string[]): Promise<void> {
  for (const path of paths) {
    let at = root;
    for (const part of relative(root, inside(root, path)).split(sep).filter(Boolean)) {
      at = join(at, part);
      let isLink: boolean;
      try { isLink = (await lstat(at)).isSymbolicLink(); } catch { break; /* not there yet: nothing to follow */ }
      if (isLink) {
        const target = await readlink(at).catch(() => '?');
        throw new UsageError(`refusing to write ${relative(root, at)} in ${root}: it is a symbolic link (to ${target}), which could lead outside the workspace`,
          'replace the link with a regular file or folder (sysdesign never writes through links in a workspace), then run the command again.');
      }
    }
  }
}
