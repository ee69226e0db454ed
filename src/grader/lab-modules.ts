import { isAbsolute, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { labModulePath, PROJECT_ROOT } from '../paths.js';

/**
 * Imports a lab's TypeScript module (a stage's checks, a helper). Labs inside this package are compiled
 * with it; a labs folder elsewhere (SYSDESIGN_LABS, a lab pack) is bundled from its TypeScript sources
 * with esbuild, its import of the grader's api (`../../../src/grader/api.js`) pointed at this package's,
 * so both share one instance of src/grader.
 */
export async function importLabModule(labDir: string, file: string): Promise<{ path: string; module: Record<string, unknown> }> {
  if (!isOutside(PROJECT_ROOT, labDir)) {
    const path = labModulePath(labDir, file);
    return { path, module: await import(pathToFileURL(path).href) as Record<string, unknown> };
  }
  const path = join(labDir, file);
  const { build } = await import('esbuild');
  const apiUrl = new URL('./api.js', import.meta.url).href;
  const bundled = await build({
    entryPoints: [path], bundle: true, write: false, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent',
    plugins: [{
      name: 'sysdesign-api',
      setup(b) { b.onResolve({ filter: /(^|\/)src\/grader\/api(\.js|\.ts)?$/ }, () => ({ path: apiUrl, external: true })); },
    }],
  });
  const code = bundled.outputFiles[0].text;
  return { path, module: await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`) as Record<string, unknown> };
}

function isOutside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel.startsWith('..') || isAbsolute(rel);
}
