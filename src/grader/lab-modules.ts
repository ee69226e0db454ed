import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { labModulePath, PROJECT_ROOT } from '../paths.js';

/**
 * Whether labs inside this package load their modules from their TypeScript sources too. `dev check` turns
 * it on: an author edits checks and runs it at once, and a compiled copy in dist/ from the last build would
 * grade yesterday's checks without a word.
 */
let fromSource = false;

export function loadLabModulesFromSource(): void {
  fromSource = true;
}

/** Whether a lab's modules are bundled from its sources (a labs folder elsewhere, or `dev check`). */
export function labModulesFromSource(labDir: string): boolean {
  return fromSource || isOutside(PROJECT_ROOT, labDir);
}

/**
 * Imports a lab's TypeScript module (a stage's checks, a helper). Labs inside this package are compiled
 * with it; otherwise (see labModulesFromSource) the module is bundled from its sources with esbuild, its
 * import of the grader's api (`../../../src/grader/api.js`) pointed at this package's, so both share one
 * instance of src/grader.
 */
export async function importLabModule(labDir: string, file: string): Promise<{ path: string; module: Record<string, unknown> }> {
  if (!labModulesFromSource(labDir)) {
    const path = labModulePath(labDir, file);
    return { path, module: await import(pathToFileURL(path).href) as Record<string, unknown> };
  }
  const bundle = await bundledLabModule(labDir, file);
  return { path: join(labDir, file), module: await import(pathToFileURL(bundle).href) as Record<string, unknown> };
}

const bundles = new Map<string, Promise<string>>();
let bundleDir: string | undefined;

/**
 * The bundle of one lab module, as a file of its own (once per process): written to a file rather than
 * imported from a data URL because Node maps stack traces only for files, and a check that crashes must
 * show its author the line in the lab's .ts file.
 */
export function bundledLabModule(labDir: string, file: string): Promise<string> {
  const source = join(labDir, file);
  let bundle = bundles.get(source);
  if (!bundle) {
    bundle = bundle_(source);
    bundles.set(source, bundle);
  }
  return bundle;
}

async function bundle_(source: string): Promise<string> {
  const { build } = await import('esbuild');
  const apiUrl = new URL('./api.js', import.meta.url).href;
  const out = join(ownBundleDir(), `${bundles.size}-${source.replace(/[^A-Za-z0-9]+/g, '_').slice(-120)}.mjs`);
  await build({
    entryPoints: [source], bundle: true, outfile: out, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent',
    sourcemap: 'inline',
    plugins: [{
      name: 'sysdesign-api',
      setup(b) { b.onResolve({ filter: /(^|\/)src\/grader\/api(\.js|\.ts)?$/ }, () => ({ path: apiUrl, external: true })); },
    }],
  }).catch((error: Error) => { throw new Error(`${source} does not compile: ${error.message}`); });
  process.setSourceMapsEnabled(true);
  return out;
}

/** One folder per process for its bundles, removed when the process exits. */
function ownBundleDir(): string {
  if (!bundleDir) {
    const dir = mkdtempSync(join(tmpdir(), 'sysdesign-lab-modules-'));
    bundleDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return bundleDir;
}

function isOutside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel.startsWith('..') || isAbsolute(rel);
}

