import type { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/catalog.js';
import { formatProblem } from '../errors.js';
import { openStore, type ProgressStore } from '../progress/store.js';
import type { CliContext } from './context.js';

/** The catalog, from `SYSDESIGN_LABS` when a lab author points it elsewhere. */
export async function catalogFor(ctx: CliContext): Promise<Catalog> {
  const labsDir = ctx.env.SYSDESIGN_LABS;
  return loadCatalog(labsDir ? { labsDir } : {});
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
