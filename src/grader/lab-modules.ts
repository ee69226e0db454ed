import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Message, Plugin, PluginBuild } from 'esbuild';
import { UsageError } from '../errors.js';
import { labModulePath, PROJECT_ROOT } from '../paths.js';

/** The name a lab pack's checks import the grader's api by (package.json "exports"). */
export const GRADER_API_IMPORT = 'sysdesign-lab/grader';

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
 * import of the grader's api (`sysdesign-lab/grader`, or the catalog's own `../../../src/grader/api.js`)
 * pointed at this package's, so both share one instance of src/grader. A lab outside this package (a lab
 * pack, a catalog `SYSDESIGN_CATALOG` names) may import only files of the folder that holds the lab, the
 * api and node's built-in modules: anything else is refused with the importing file and line.
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
    bundle = bundle_(labDir, source);
    bundles.set(source, bundle);
  }
  return bundle;
}

async function bundle_(labDir: string, source: string): Promise<string> {
  const { build } = await import('esbuild');
  const out = join(ownBundleDir(), `${bundles.size}-${source.replace(/[^A-Za-z0-9]+/g, '_').slice(-120)}.mjs`);
  const confined = isOutside(PROJECT_ROOT, labDir);
  const root = dirname(labDir);
  try {
    await build({
      entryPoints: [source], bundle: true, outfile: out, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent',
      sourcemap: 'inline', absWorkingDir: root,
      plugins: [confined ? confinedTo(root, realpathSync(root)) : apiOfThisPackage()],
    });
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (confined && errors?.length) {
      throw new UsageError(errors.map((m) => located(m, root)).join('\n'),
        `a lab pack's checks import "${GRADER_API_IMPORT}", node built-ins and files inside ${root} only.`);
    }
    throw new Error(`${source} does not compile: ${(e as Error).message}`);
  }
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

/** Points a lab's import of the api (`sysdesign-lab/grader` or `../../../src/grader/api.js`) at this package's. */
function resolveApiHere(b: PluginBuild): void {
  const apiUrl = new URL('./api.js', import.meta.url).href;
  b.onResolve({ filter: /^sysdesign-lab\/grader$/ }, () => ({ path: apiUrl, external: true }));
  b.onResolve({ filter: /(^|\/)src\/grader\/api(\.js|\.ts)?$/ }, () => ({ path: apiUrl, external: true }));
}

/** The esbuild plugin for a lab of this package: only the api import is redirected. */
function apiOfThisPackage(): Plugin {
  return { name: 'sysdesign-api', setup: resolveApiHere };
}

/** The esbuild plugin that points the api import at this package and refuses every import leaving `root` (`realRoot` where links lead). */
function confinedTo(root: string, realRoot: string): Plugin {
  const allowed = `only files inside ${root}, "${GRADER_API_IMPORT}" and node built-ins may be imported`;
  return {
    name: 'sysdesign-lab-confinement',
    setup(b) {
      resolveApiHere(b);
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        if (args.path.startsWith('.') || isAbsolute(args.path)) {
          const target = resolve(args.resolveDir, args.path);
          return isOutside(root, target) && isOutside(realRoot, target) ? { errors: [{ text: `"${args.path}" leaves the lab pack folder (to ${target}); ${allowed}` }] } : undefined;
        }
        return { errors: [{ text: `"${args.path}" is a package; ${allowed}` }] };
      });
      // A link inside the pack may still lead out of it: the file really read must be inside too.
      b.onLoad({ filter: /.*/ }, (args) => {
        const real = realpathSync(args.path);
        return isOutside(realRoot, real) ? { errors: [{ text: `${args.path} is a link that leaves the lab pack folder (to ${real}); ${allowed}` }] } : undefined;
      });
    },
  };
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]) || builtinModules.includes(specifier);
}

function located(message: Message, root: string): string {
  const where = message.location;
  if (!where) return message.text;
  return `${resolve(root, where.file)}:${where.line}:${where.column + 1}: ${message.text}`;
}

function isOutside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel.startsWith('..') || isAbsolute(rel);
}

