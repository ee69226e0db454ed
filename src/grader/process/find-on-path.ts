import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const found = new Map<string, string | undefined>();

/** The first executable called `name` on this process's PATH (cached), or undefined. */
export function findOnPath(name: string): string | undefined {
  if (found.has(name)) return found.get(name);
  let hit: string | undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try { accessSync(join(dir, name), constants.X_OK); hit = join(dir, name); break; } catch { /* not here */ }
  }
  found.set(name, hit);
  return hit;
}
