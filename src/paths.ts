import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the sysdesign-lab package (where labs/, questions/ and dist/ live), from source or from dist. */
export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** True when running the TypeScript sources (vitest), false when running the compiled dist/. */
export const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');

export const LABS_DIR = join(PROJECT_ROOT, 'labs');
export const FIXTURES_DIR = join(PROJECT_ROOT, 'fixtures');
export const QUESTIONS_DIR = join(PROJECT_ROOT, 'questions');
export const TRACKS_DIR = join(LABS_DIR, 'tracks');
export const PLAN_FILE = join(LABS_DIR, 'plan.yaml');

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'sysdesign-lab') return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the sysdesign-lab package above ${start}`);
  }
}

/**
 * Where a lab's TypeScript module (checks, helpers) is loaded from: the source file under vitest, the
 * compiled copy in dist/ otherwise, so that both share one instance of src/grader (`compiled` forces the
 * copy in dist/, for a worker thread that runs compiled code).
 */
export function labModulePath(labDir: string, relative: string, compiled = !RUNNING_FROM_SOURCE): string {
  const source = join(labDir, relative);
  if (!compiled) return source;
  const rel = source.slice(PROJECT_ROOT.length + 1).replace(/\.tsx?$/, '.js');
  return join(PROJECT_ROOT, 'dist', rel);
}
