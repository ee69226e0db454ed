import { existsSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { readCachedCatalog, writeCatalogCache, type CatalogSources } from '../catalog/catalog-cache.js';
import { catalogDirs, type Catalog, type LoadedLab } from '../catalog/catalog-index.js';
import type { QuestionBank } from '../catalog/questions.js';
import { userCacheDir } from '../catalog/user-cache.js';
import { CatalogError, formatProblem, LabNotFoundError, UsageError } from '../errors.js';
import { PLAN_FILE } from '../paths.js';
import { openStore, type ProgressStore } from '../progress/store.js';
import type { Workspace } from '../workspace/locate.js';
import type { CliContext } from './context.js';

/** The labs folder, tracks and plan: the package's own, or the whole other catalog `SYSDESIGN_CATALOG` names. */
function catalogHome(ctx: CliContext): { labsDir: string; tracksDir: string; planFile: string } {
  const { labsDir, tracksDir } = catalogDirs(ctx.env.SYSDESIGN_CATALOG ? { labsDir: resolve(ctx.cwd, ctx.env.SYSDESIGN_CATALOG) } : {});
  const own = ctx.env.SYSDESIGN_CATALOG ? join(labsDir, 'plan.yaml') : undefined;
  return { labsDir, tracksDir, planFile: own && existsSync(own) ? own : PLAN_FILE };
}

/** labs/plan.yaml, or the one beside the labs `SYSDESIGN_CATALOG` points at. */
export function planFileFor(ctx: CliContext): string {
  return catalogHome(ctx).planFile;
}

/**
 * The lab pack folders, as real paths in the order given: every `--labs` first, then each entry of
 * `SYSDESIGN_LABS` (a list like PATH). A folder given twice counts once; the catalog's own labs folder
 * is not a pack of itself.
 */
export function labPacks(ctx: CliContext): string[] {
  const given = [
    ...(ctx.labPacks ?? []).map((dir) => ({ dir, from: '--labs' })),
    ...(ctx.env.SYSDESIGN_LABS ?? '').split(delimiter).filter((d) => d.trim() !== '').map((dir) => ({ dir, from: 'SYSDESIGN_LABS' })),
  ];
  const own = realpathSync(catalogHome(ctx).labsDir);
  const packs: string[] = [];
  for (const { dir, from } of given) {
    const real = packFolder(resolve(ctx.cwd, dir), from);
    if (real !== own && !packs.includes(real)) packs.push(real);
  }
  return packs;
}

function packFolder(dir: string, from: string): string {
  let real: string;
  try { real = realpathSync(dir); } catch {
    throw new UsageError(`the lab pack folder ${dir} (from ${from}) does not exist`, 'a lab pack is a folder holding lab folders (each with a lab.yaml) and/or a questions/ folder.');
  }
  if (!statSync(real).isDirectory()) throw new UsageError(`the lab pack ${dir} (from ${from}) is a file, not a folder`, 'name the folder that holds the lab folders.');
  if (existsSync(join(real, 'lab.yaml'))) {
    throw new UsageError(`${dir} (from ${from}) is a lab folder, not a lab pack`, `pass the folder that holds it: ${dirname(real)}`);
  }
  return real;
}

/** Where the labs and tracks are: the package's own, or the folder `SYSDESIGN_CATALOG` names. */
export function catalogDirsFor(ctx: CliContext): { labsDir: string; tracksDir: string } {
  const { labsDir, tracksDir } = catalogHome(ctx);
  return { labsDir, tracksDir };
}

/** The catalog with the lab packs' labs; read from the cache while none of its files changed. */
export async function catalogFor(ctx: CliContext): Promise<Catalog> {
  const sources: CatalogSources = { ...catalogHome(ctx), packs: labPacks(ctx) };
  const cacheDir = userCacheDir(ctx.env);
  const cached = readCachedCatalog(sources, cacheDir, (why) => ctx.stderr.write(`sysdesign: warning: not using the catalog cache: ${why}\n`));
  if (cached) return cached;
  const { loadCatalog } = await import('../catalog/catalog.js');
  const catalog = await loadCatalog(sources);
  writeCatalogCache(sources, catalog, cacheDir);
  return catalog;
}

/** The question bank (`SYSDESIGN_QUESTIONS` may point it at another folder) with each lab pack's questions/. */
export async function questionBankFor(ctx: CliContext): Promise<QuestionBank> {
  const { loadQuestionBank } = await import('../catalog/questions.js');
  return loadQuestionBank({ questionsDir: ctx.env.SYSDESIGN_QUESTIONS ? resolve(ctx.cwd, ctx.env.SYSDESIGN_QUESTIONS) : undefined, packs: labPacks(ctx) });
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
  // A mistyped lab id gets the same "did you mean …" as `start`, before any workspace is looked for; a lab
  // of a pack that was not given gets the folder to give instead.
  if (where.lab) {
    try { catalog.lab(where.lab); } catch (e) {
      if (!(e instanceof LabNotFoundError)) throw e;
      const ws = await locateWorkspace({ cwd: ctx.cwd, dir: where.dir, lab: where.lab }).catch(() => undefined);
      if (ws?.metadata.source) throw missingPack(ws);
      throw e;
    }
  }
  const ws = await locateWorkspace({ cwd: ctx.cwd, dir: where.dir, lab: where.lab });
  const lab = labOfWorkspace(catalog, ws, ctx);
  const track = catalog.track(ws.metadata.track);
  if (options.toolchain) {
    const { requireToolchain } = await import('../tracks/toolchain.js');
    await requireToolchain(track, Object.keys(lab.tracks).filter((t) => t !== ws.metadata.track), ctx.env);
  }
  return { ws, catalog, lab, track };
}

/**
 * The lab a workspace was started from. A pack's lab is found again only while its pack is given; one
 * found in another pack folder (the pack moved) is used with a warning, a catalog lab in its place is refused.
 */
function labOfWorkspace(catalog: Catalog, ws: Workspace, ctx: CliContext): LoadedLab {
  const { lab: id, source } = ws.metadata;
  if (!source) return catalog.lab(id);
  const found = catalog.labs.find((l) => l.id === id);
  if (!found) {
    // The pack is given but its lab.yaml is broken: its located errors say more than "not loaded".
    try { catalog.lab(id); } catch (e) { if (e instanceof CatalogError) throw e; }
    throw missingPack(ws);
  }
  if (found.source === source) return found;
  if (!found.source) {
    throw new UsageError(`the workspace ${ws.dir} was started from the lab pack ${source}, but "${id}" is now a lab of the catalog itself`,
      'start the catalog\'s lab in a new folder with `sysdesign start`, or rename the pack\'s lab.');
  }
  ctx.stderr.write(`sysdesign: warning: the workspace was started from the lab pack ${source}; using "${id}" of ${found.source}\n`);
  return found;
}

function missingPack(ws: Workspace): UsageError {
  const source = ws.metadata.source!;
  return new UsageError(`the workspace ${ws.dir} holds the lab "${ws.metadata.lab}" of the lab pack ${source}, which is not loaded`,
    `pass the pack: \`sysdesign --labs ${source} …\`, or add it to SYSDESIGN_LABS${existsSync(source) ? '' : ` (the folder is gone: pass where it is now)`}.`);
}
