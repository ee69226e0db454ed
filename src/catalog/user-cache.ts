import { lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The user's own cache folder for sysdesign-lab: $XDG_CACHE_HOME (or ~/.cache), ~/Library/Caches on
 * macOS, %LOCALAPPDATA% on Windows. Never a shared place such as /tmp, where another user could plant
 * a cache first (a cached catalog holds the commands that run the learner's program).
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME
    : platform === 'darwin' ? join(homedir(), 'Library', 'Caches')
      : platform === 'win32' ? (env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
        : join(homedir(), '.cache');
  return join(base, 'sysdesign-lab');
}

/**
 * Why a cache folder or file may not be trusted (a link, another owner, writable by others), or
 * undefined when it may. Owners and modes are POSIX notions: on Windows only the kind is checked.
 */
export function untrusted(path: string, kind: 'dir' | 'file'): string | undefined {
  let st;
  try { st = lstatSync(path); } catch { return kind === 'file' ? undefined : `${path} cannot be read`; }
  if (st.isSymbolicLink()) return `${path} is a symbolic link`;
  if (kind === 'dir' ? !st.isDirectory() : !st.isFile()) return `${path} is not a ${kind === 'dir' ? 'folder' : 'file'}`;
  if (process.platform === 'win32' || !process.getuid) return undefined;
  if (st.uid !== process.getuid()) return `${path} belongs to another user (uid ${st.uid})`;
  if ((st.mode & 0o022) !== 0) return `${path} can be written by other users (mode ${(st.mode & 0o777).toString(8)})`;
  return undefined;
}

/** Makes the cache folder (mode 0700) if need be; its path when it may be trusted, else undefined. */
export function trustedCacheDir(dir: string, onRefused?: (why: string) => void): string | undefined {
  try { mkdirSync(dir, { recursive: true, mode: 0o700 }); } catch { /* reported below */ }
  const why = untrusted(dir, 'dir');
  if (why) { onRefused?.(why); return undefined; }
  return dir;
}
