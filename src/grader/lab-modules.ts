import { realpathSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Message, Plugin } from 'esbuild';
import { UsageError } from '../errors.js';
import { labModulePath, PROJECT_ROOT } from '../paths.js';

/** The name a lab pack's checks import the grader's api by (package.json "exports"). */
export const GRADER_API_IMPORT = 'sysdesign-lab/grader';

/**
 * Imports a lab's TypeScript module (a stage's checks, a helper). Labs inside this package are compiled
 * with it; a lab elsewhere (a lab pack, a catalog `SYSDESIGN_CATALOG` names) is bundled from its
 * TypeScript sources with esbuild, its import of the grader's api (`sysdesign-lab/grader`, or the
 * catalog's own `../../../src/grader/api.js`) pointed at this package's, so both share one instance of
 * src/grader. Such a lab's modules may import only files of the folder that holds the lab (its pack),
 * the api and node's built-in modules: anything else is refused with the importing file and line.
 */
export async function importLabModule(labDir: string, file: string): Promise<{ path: string; module: Record<string, unknown> }> {
  if (!isOutside(PROJECT_ROOT, labDir)) {
    const path = labModulePath(labDir, file);
    return { path, module: await import(pathToFileURL(path).href) as Record<string, unknown> };
  }
  const path = join(labDir, file);
  const root = dirname(labDir);
  const { build } = await import('esbuild');
  let code: string;
  try {
    const bundled = await build({
      entryPoints: [path], bundle: true, write: false, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent',
      absWorkingDir: root, plugins: [confinedTo(root, realpathSync(root))],
    });
    code = bundled.outputFiles[0].text;
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors;
    if (!errors?.length) throw e;
    throw new UsageError(errors.map((m) => located(m, root)).join('\n'),
      `a lab pack's checks import "${GRADER_API_IMPORT}", node built-ins and files inside ${root} only.`);
  }
  return { path, module: await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`) as Record<string, unknown> };
}

/** The esbuild plugin that points the api import at this package and refuses every import leaving `root` (`realRoot` where links lead). */
function confinedTo(root: string, realRoot: string): Plugin {
  const apiUrl = new URL('./api.js', import.meta.url).href;
  const allowed = `only files inside ${root}, "${GRADER_API_IMPORT}" and node built-ins may be imported`;
  return {
    name: 'sysdesign-lab-confinement',
    setup(b) {
      b.onResolve({ filter: /^sysdesign-lab\/grader$/ }, () => ({ path: apiUrl, external: true }));
      b.onResolve({ filter: /(^|\/)src\/grader\/api(\.js|\.ts)?$/ }, () => ({ path: apiUrl, external: true }));
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
