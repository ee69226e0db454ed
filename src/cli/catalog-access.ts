import { resolve } from 'node:path';
import { readCachedCatalog, writeCatalogCache } from '../catalog/catalog-cache.js';
import { catalogDirs, type Catalog } from '../catalog/catalog-index.js';
import { userCacheDir } from '../catalog/user-cache.js';
import { formatProblem } from '../errors.js';
import { openStore, type ProgressStore } from '../progress/store.js';
import type { CliContext } from './context.js';

/** Where the labs and tracks are: `SYSDESIGN_LABS` when a lab author points it elsewhere. */
export function catalogDirsFor(ctx: CliContext): { labsDir: string; tracksDir: string } {
  return catalogDirs(ctx.env.SYSDESIGN_LABS ? { labsDir: resolve(ctx.cwd, ctx.env.SYSDESIGN_LABS) } : {});
}

/** The catalog of catalogDirsFor, from the cache when it is fresh. */
export async function catalogFor(ctx: CliContext): Promise<Catalog> {
  const { labsDir, tracksDir } = catalogDirsFor(ctx);
  const cacheDir = userCacheDir(ctx.env);
  const cached = readCachedCatalog(labsDir, tracksDir, cacheDir, (why) => ctx.stderr.write(`sysdesign: warning: not using the catalog cache: ${why}\n`));
  if (cached) return cached;
  const { loadCatalog } = await import('../catalog/catalog.js');
  const catalog = await loadCatalog({ labsDir, tracksDir });
  writeCatalogCache(labsDir, tracksDir, catalog, cacheDir);
  return catalog;
}

/** Prints the catalog's load problems on stderr (they never hide the labs that loaded). */
export function reportCatalogProblems(catalog: Catalog, ctx: CliContext): boolean {
  for (const error of catalog.problems) {
    for (const p of error.problems) ctx.stderr.write(`sysdesign: invalid YAML: ${formatProblem(p)}\n`);
  }
  return catalog.problems.length > 0;
}

export function storeFor(ctx: CliContext): ProgressStore {
  return openStore(ctx.home, (message) => ctx.stderr.write(`sysdesign: warning: ${message}\n`));
}

/**
 * The workspace a command works on (from --dir, a lab id or the current folder), its lab and track; with
 * `toolchain`, also makes sure the track's toolchain is installed (exit 3 with the install line if not).
 */
export async function workspaceLab(ctx: CliContext, where: { dir?: string; lab?: string }, options: { toolchain?: boolean } = {}) {
  const { locateWorkspace } = await import('../workspace/locate.js');
  const catalog = await catalogFor(ctx);
  // A mistyped lab id gets the same "did you mean …" as `start`, before any workspace is looked for.
  if (where.lab) catalog.lab(where.lab);
  const ws = await locateWorkspace({ cwd: ctx.cwd, dir: where.dir, lab: where.lab });
  const lab = catalog.lab(ws.metadata.lab);
  const track = catalog.track(ws.metadata.track);
  if (options.toolchain) {
    const { requireToolchain } = await import('../tracks/toolchain.js');
    await requireToolchain(track, Object.keys(lab.tracks).filter((t) => t !== ws.metadata.track), ctx.env);
  }
  return { ws, catalog, lab, track };
}
