import { z } from 'zod';
import { ExitCode } from '../exit-codes.js';
import { labStatus, type LabStatus } from '../progress/labs.js';
import { colorsFor } from '../ui/colors.js';
import { NewerStoreError } from '../errors.js';
import { emptyProgress } from '../progress/schema.js';
import { catalogFor, reportCatalogProblems, storeFor } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';

export const ListOptions = z.object({ json: z.boolean().default(false) });
export type ListOptions = z.infer<typeof ListOptions>;

export const action: Action = (_args, raw, ctx) => runList(parseOptions(ListOptions, raw), ctx);

export async function runList(opts: ListOptions, ctx: CliContext): Promise<number> {
  const catalog = await catalogFor(ctx);
  // The list is useful without the learner's progress: a store this sysdesign cannot read only costs the status column.
  const progress = await storeFor(ctx).read().catch((e: unknown) => {
    if (!(e instanceof NewerStoreError)) throw e;
    ctx.stderr.write(`sysdesign: warning: ${e.message}; statuses are not shown\n`);
    return emptyProgress();
  });
  const rows = catalog.labs.map((lab) => ({
    id: lab.id, title: lab.title, kind: lab.kind, difficulty: lab.difficulty, tracks: Object.keys(lab.tracks),
    stages: lab.stages.length, plan: lab.plan, status: labStatus(progress, lab.id, lab.stages.length),
    source: lab.source ?? BUILT_IN,
  }));
  const hadProblems = reportCatalogProblems(catalog, ctx);
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify({ labs: rows, problems: catalog.problems.flatMap((e) => e.problems) }, null, 2)}\n`);
    return hadProblems ? ExitCode.Usage : ExitCode.Ok;
  }
  const c = colorsFor(ctx.stdout, ctx.env);
  const widths = { id: Math.max(3, ...rows.map((r) => r.id.length)), title: Math.max(5, ...rows.map((r) => r.title.length)) };
  // The SOURCE column appears only when a lab pack is loaded: without one every lab is the catalog's own.
  const withSource = rows.some((r) => r.source !== BUILT_IN);
  const statusWidth = 'stage 10 of 10'.length;
  ctx.stdout.write(c.bold(`${'LAB'.padEnd(widths.id)}  ${'TITLE'.padEnd(widths.title)}  KIND     DIFFICULTY    TRACKS   ${withSource ? `${'STATUS'.padEnd(statusWidth)}  SOURCE` : 'STATUS'}\n`));
  for (const r of rows) {
    const status = describeStatus(r.status, c);
    const source = withSource ? `${' '.repeat(Math.max(0, statusWidth - statusText(r.status).length))}  ${r.source}` : '';
    ctx.stdout.write(`${r.id.padEnd(widths.id)}  ${r.title.padEnd(widths.title)}  ${r.kind.padEnd(7)}  ${r.difficulty.padEnd(12)}  ${r.tracks.join(',').padEnd(7)}  ${status}${source}\n`);
  }
  ctx.stdout.write(c.dim(`\n${rows.length} lab${rows.length === 1 ? "" : "s"}. Start one with \`sysdesign start <lab>\`.\n`));
  return hadProblems ? ExitCode.Usage : ExitCode.Ok;
}

/** What `list --json` and the SOURCE column say of a lab of the catalog itself (a pack lab shows its folder). */
export const BUILT_IN = 'built-in';

function describeStatus(status: LabStatus, c: ReturnType<typeof colorsFor>): string {
  const text = statusText(status);
  switch (status.kind) {
    case 'not-started': return c.dim(text);
    case 'in-progress': return c.yellow(text);
    case 'passed': return c.green(text);
  }
}

function statusText(status: LabStatus): string {
  switch (status.kind) {
    case 'not-started': return 'not started';
    case 'in-progress': return `stage ${status.stage} of ${status.total}`;
    case 'passed': return 'passed';
  }
}
