import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommandLine } from '../catalog/schema/track.js';
import { DEFAULT_MEMORY_MIB } from '../catalog/schema/lab.js';
import { PROJECT_ROOT } from '../paths.js';
import { STANDBY_LAUNCHER } from '../grader/process/standby.js';

export interface Placeholders { entry?: string; src: string; out: string; memoryMiB?: number }

/** The tsx loader of this package, so a TypeScript learner needs nothing but Node. */
export function tsxLoaderUrl(): string {
  const require = createRequire(join(PROJECT_ROOT, 'package.json'));
  return pathToFileURL(require.resolve('tsx/esm')).href;
}

/** esbuild's executable (a Node shim, or the native binary once its install script ran): a fast syntax check before a TypeScript run. */
export function esbuildPath(): string {
  return createRequire(join(PROJECT_ROOT, 'package.json')).resolve('esbuild/bin/esbuild');
}

/** Fills {node} {tsx} {esbuild} {entry} {src} {out} {memoryMiB} {standbyLauncher} in a track's command line. */
export function expand(line: CommandLine, values: Placeholders): { command: string; args: string[]; env: Record<string, string> } {
  const fill = (s: string) => s.replace(/\{(node|tsx|esbuild|entry|src|out|memoryMiB|standbyLauncher)\}/g, (_, key: string) => {
    switch (key) {
      case 'node': return process.execPath;
      case 'tsx': return tsxLoaderUrl();
      case 'esbuild': return esbuildPath();
      case 'entry': return values.entry ?? '';
      case 'src': return values.src;
      case 'memoryMiB': return String(values.memoryMiB ?? DEFAULT_MEMORY_MIB);
      case 'standbyLauncher': return STANDBY_LAUNCHER;
      default: return values.out;
    }
  });
  return {
    command: fill(line.command),
    args: line.args.map(fill),
    env: Object.fromEntries(Object.entries(line.env).map(([k, v]) => [k, fill(v)])),
  };
}

/** Environment the learner's program sees: enough to run, none of the user's secrets. */
const PASSED_THROUGH = ['PATH', 'HOME', 'TMPDIR', 'TMP', 'TEMP', 'LANG', 'LC_ALL', 'SystemRoot', 'GOCACHE', 'GOPATH', 'GOROOT', 'GOMODCACHE', 'NO_COLOR'];

export function programEnv(parent: NodeJS.ProcessEnv, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PASSED_THROUGH) if (parent[key] !== undefined) env[key] = parent[key]!;
  return { ...env, ...extra };
}
