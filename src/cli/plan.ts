import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { linkLabs, loadPlan, planItems } from '../catalog/plan.js';
import type { Catalog } from '../catalog/catalog.js';
import type { QuestionBank } from '../catalog/questions.js';
import type { Plan } from '../catalog/schema/plan.js';
import { suggest } from '../catalog/suggest.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { writeFileAtomic } from '../progress/atomic.js';
import { applyChecklist, checklistProblem, parseChecklist } from '../progress/import-markdown.js';
import { planMarkdown } from '../progress/markdown.js';
import { setManualTick } from '../progress/plan-records.js';
import { planText } from '../progress/plan-rows.js';
import { evaluatePlan, type PlanReport } from '../progress/plan-ticks.js';
import type { Progress } from '../progress/schema.js';
import { sessionLog } from '../progress/session-log.js';
import { catalogFor, planFileFor, questionBankFor, reportCatalogProblems, storeFor } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { outputFile } from './output-file.js';
import { parseOptions } from './shared-options.js';
import { loadInk } from '../ui/load-ink.js';

export const PlanOptions = z.object({
  json: z.boolean().default(false),
  markdown: z.boolean().default(false),
  out: z.string().optional(),
});
export type PlanOptions = z.infer<typeof PlanOptions>;

export const action: Action = (_args, raw, ctx) => runPlan(parseOptions(PlanOptions, raw), ctx);
export const checkAction: Action = (args, _raw, ctx) => runCheck(args[0], true, ctx);
export const uncheckAction: Action = (args, _raw, ctx) => runCheck(args[0], false, ctx);
export const importAction: Action = (args, _raw, ctx) => runImport(args[0], ctx);

export interface PlanData { plan: Plan; report: PlanReport; progress: Progress; catalog: Catalog; bank: QuestionBank }

/** The plan, evaluated against the store: the catalog gives stage counts, the question bank each item's questions. */
export async function loadPlanReport(ctx: CliContext): Promise<PlanData> {
  const catalog = await catalogFor(ctx);
  reportCatalogProblems(catalog, ctx);
  // A pack's lab shows under the plan items its lab.yaml names, as the catalog's own labs do through plan.yaml.
  const plan = linkLabs(await planFor(ctx), catalog.labs.filter((l) => l.source));
  // The same bank the quiz reads (SYSDESIGN_QUESTIONS and the lab packs change both).
  const bank = await questionBankFor(ctx);
  const progress = await storeFor(ctx).read();
  const report = evaluatePlan({
    plan, progress, now: ctx.now(),
    labStages: new Map(catalog.labs.map((l) => [l.id, l.stages.length])),
    questionsFor: (id) => bank.forPlanItem(id),
  });
  return { plan, report, progress, catalog, bank };
}

/** labs/plan.yaml, or the one beside the labs `SYSDESIGN_CATALOG` points at. */
export function planFor(ctx: CliContext): Promise<Plan> {
  return loadPlan({ planFile: planFileFor(ctx) });
}

export async function runPlan(opts: PlanOptions, ctx: CliContext): Promise<number> {
  if (opts.out && !opts.markdown) throw new UsageError('--out goes with --markdown', 'run `sysdesign plan --markdown --out FILE`.');
  const out = opts.out ? await outputFile(ctx.cwd, opts.out, '--out ./plan.md') : undefined;
  const { report, progress } = await loadPlanReport(ctx);
  if (opts.markdown) {
    const text = planMarkdown(report, sessionLog(progress, { now: ctx.now() }));
    if (!out) { ctx.stdout.write(text); return ExitCode.Ok; }
    const file = out;
    await writeFileAtomic(file, text);
    ctx.stderr.write(`Wrote the plan and session log to ${file}\n`);
    return ExitCode.Ok;
  }
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return ExitCode.Ok;
  }
  // A terminal that reports no width (some CI ptys) gets the plain text: ink would wrap every character.
  if (ctx.stdout.isTTY && (ctx.stdout.columns ?? 0) > 0) {
    await renderInk(report, ctx);
    return ExitCode.Ok;
  }
  ctx.stdout.write(planText(report));
  return ExitCode.Ok;
}

async function renderInk(report: PlanReport, ctx: CliContext): Promise<void> {
  const { render } = await loadInk();
  const [React, { PlanView }] = await Promise.all([import('react'), import('../ui/PlanView.js')]);
  const noColor = ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== '';
  const app = render(React.createElement(PlanView, { report, color: !noColor }), {
    stdout: ctx.stdout as NodeJS.WriteStream, stderr: ctx.stderr as NodeJS.WriteStream, patchConsole: false, exitOnCtrlC: false,
  });
  app.unmount();
  await app.waitUntilExit();
  // ink leaves the cursor at the end of its last line: the shell prompt must start on a line of its own.
  ctx.stdout.write('\n');
}

async function runCheck(itemId: string, checked: boolean, ctx: CliContext): Promise<number> {
  const plan = await planFor(ctx);
  const items = planItems(plan);
  const item = items.find((i) => i.id === itemId);
  if (!item) {
    const near = suggest(itemId, items.map((i) => i.id));
    throw new UsageError(`no plan item "${itemId}"`, near ? `did you mean "${near}"? See \`sysdesign plan --json\` for the ids.` : 'see `sysdesign plan --json` for the item ids.');
  }
  await setManualTick(storeFor(ctx), item, checked, ctx.now());
  const { report } = await loadPlanReport(ctx);
  const state = report.items.find((i) => i.id === itemId)!;
  if (checked) ctx.stdout.write(`[x] ${item.title} (ticked by hand)\n`);
  else if (state.ticked) ctx.stdout.write(`[x] ${item.title}: the tick by hand is removed, but your results still tick it\n`);
  else ctx.stdout.write(`[ ] ${item.title}\n`);
  return ExitCode.Ok;
}

/** A checklist file larger than this is not one (5,000 items of a few hundred characters fit). */
const MAX_CHECKLIST_BYTES = 2 * 1024 * 1024;
/** Lines not in the plan listed after an import; the rest are counted. */
const LISTED = 20;

async function runImport(fileArg: string, ctx: CliContext): Promise<number> {
  const file = resolve(ctx.cwd, fileArg);
  const hint = 'name a markdown checklist such as one `sysdesign plan --markdown` writes.';
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_CHECKLIST_BYTES) throw new UsageError(`cannot import ${file}: it is ${(size / 1024 / 1024).toFixed(1)} MiB; a checklist may be at most ${MAX_CHECKLIST_BYTES / 1024 / 1024} MiB`, hint);
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, hint);
  }
  // Checked and parsed before the store's lock is taken: the lock is held only for the (linear) merge.
  const problem = checklistProblem(text);
  if (problem) throw new UsageError(`cannot import ${file}: ${problem}`, hint);
  const entries = parseChecklist(text);
  if (entries.length === 0) throw new UsageError(`${file} has no checklist lines ("*   [x] …" or "*   [ ] …")`);
  const plan = await planFor(ctx);
  let outcome!: ReturnType<typeof applyChecklist>;
  await storeFor(ctx).update((p) => { outcome = applyChecklist(p, plan, entries, ctx.now(), fileArg); });
  const out = ctx.stdout;
  out.write(`Read ${entries.length} checklist items from ${fileArg}.\n`);
  out.write(`  ${outcome.ticked.length} newly ticked by hand, ${outcome.unchanged.length} already ticked by hand.\n`);
  if (outcome.notInPlan.length) {
    out.write(`  ${outcome.notInPlan.length} not in the plan (kept, shown under the plan):\n`);
    for (const e of outcome.notInPlan.slice(0, LISTED)) out.write(`    line ${e.line}: [${e.checked ? 'x' : ' '}] ${e.title}\n`);
    if (outcome.notInPlan.length > LISTED) out.write(`    … and ${outcome.notInPlan.length - LISTED} more\n`);
  }
  if (outcome.missing.length) out.write(`  ${outcome.missing.length} plan items the file does not mention (left as they are).\n`);
  if (!outcome.changed) out.write('  Nothing changed: the store already had all of it.\n');
  return ExitCode.Ok;
}
