import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../paths.js';

/**
 * How every line the tool prints runs it: `npx sysdesign …`. Inside a workspace this reaches the copy of
 * sysdesign that made it through the launchers below (npx looks in node_modules/.bin of the folder and its
 * parents before it would ask the registry); in a clone of the repository npx finds the package's own bin.
 * So nothing has to be on PATH, and npx never fetches a package of the same name from the registry.
 */
export const RUN = 'npx sysdesign';

const NAMES = ['sysdesign', 'sysdesign-lab'];

/** The executable this process was started from; launchers point at it. */
export const BIN_PATH = join(PROJECT_ROOT, 'bin', 'sysdesign.js');

/**
 * Writes `node_modules/.bin/sysdesign` (and `sysdesign-lab`, each with a Windows `.cmd`) into the workspace,
 * pointing at this very binary, as `npm install` would for a dependency. Rewritten only when it differs,
 * so a workspace made by an older copy follows the one in use now.
 */
export async function writeLaunchers(workspace: string, bin = BIN_PATH): Promise<void> {
  const binDir = join(workspace, 'node_modules', '.bin');
  await mkdir(binDir, { recursive: true });
  for (const name of NAMES) {
    await writeIfChanged(join(binDir, name), `#!/bin/sh\n# Written by sysdesign start: runs the sysdesign that made this workspace.\nexec node ${shellQuote(bin)} "$@"\n`, 0o755);
    await writeIfChanged(join(binDir, `${name}.cmd`), `@node "${bin}" %*\r\n`, 0o644);
  }
}

async function writeIfChanged(file: string, text: string, mode: number): Promise<void> {
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current !== text) await writeFile(file, text);
  await chmod(file, mode);
}

function shellQuote(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}
