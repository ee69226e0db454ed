import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ExitCode } from '../exit-codes.js';
import { recordGrade } from '../progress/labs.js';
import type { Progress } from '../progress/schema.js';
import type { Lab } from '../catalog/schema/lab.js';
import { colorsFor } from '../ui/colors.js';
import { UsageError } from '../errors.js';
import { RUN } from '../workspace/launcher.js';
import { METADATA_DIR } from '../workspace/metadata.js';
import { questionBankFor, storeFor, workspaceLab } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { outputFile } from './output-file.js';
import { parseOptions } from './shared-options.js';

export const GradeOptions = z.object({
  dir: z.string().optional(),
  json: z.boolean().default(false),
  seed: z.coerce.number().int().nonnegative().optional(),
  stage: z.coerce.number().int().positive().optional(),
  verbose: z.boolean().default(false),
  quick: z.boolean().default(false),
  fresh: z.boolean().default(false),
  previous: z.boolean().default(false),
  repeat: z.coerce.number().int().min(1).max(1000).default(1),
  junit: z.string().optional(),
  trace: z.string().optional(),
});
export type GradeOptions = z.infer<typeof GradeOptions>;

export const action: Action = (args, raw, ctx) => runGrade(args[0], parseOptions(GradeOptions, raw), ctx);

export async function runGrade(labId: string | undefined, opts: GradeOptions, ctx: CliContext): Promise<number> {
  const { ws, lab, track } = await workspaceLab(ctx, { dir: opts.dir, lab: labId }, { toolchain: true });
  if (opts.stage !== undefined && opts.stage > lab.stages.length) {
    throw new UsageError(`--stage ${opts.stage}: ${lab.id} has ${lab.stages.length} stages`, `pick a stage from 1 to ${lab.stages.length}.`);
  }
  const [{ gradeProgram }, { randomSeed }] = await Promise.all([import('../grader/grade.js'), import('../grader/random.js')]);
  const reporters = await pickReporters(opts, ctx);
  if (ws.metadata.labVersion !== lab.version) {
    ctx.stderr.write(`sysdesign: note: this workspace was made for version ${ws.metadata.labVersion} of ${lab.id}; the checks are now version ${lab.version}.\n`);
  }
  const store = storeFor(ctx);
  await store.checkWritable();
  // Like CodeCrafters: stages this workspace already passed are not run again unless --previous asks.
  const passedBefore = opts.previous || opts.seed !== undefined ? 0 : stagesPassedBefore(await store.read(), lab.id, ws.dir, ws.metadata.track, lab.version, lab.stages.length);
  const junitFile = opts.junit ? await outputFile(ctx.cwd, opts.junit, '--junit ./junit.xml') : undefined;
  const junit = junitFile ? new (await import('../grader/report/junit.js')).JunitReporter(junitFile) : undefined;
  const seed = opts.seed ?? randomSeed();
  // Each grade writes a trace of its own: the file is emptied first, then every cluster run appends to it.
  const traceFile = opts.trace ? resolve(ctx.cwd, opts.trace) : undefined;
  if (traceFile) await writeFile(traceFile, '');
  const request = {
    lab, track, trackId: ws.metadata.track, layers: [ws.dir], buildRoot: join(ws.dir, METADATA_DIR, 'build'),
    env: ctx.env, signal: ctx.signal, untilStage: opts.stage,
    bench: { quick: opts.quick, fresh: opts.fresh, cacheHome: ctx.home },
  };
  const result = await gradeProgram({
    ...request, seed, reporters: junit ? [...reporters, junit] : reporters, traceFile,
    skip: (stage) => lab.stages.indexOf(stage) < passedBefore,
  });
  await junit?.flushed();
  // The result is on screen already; a store that fails now (a full disk) must not turn it into a crash.
  await recordGrade(store, result, ws.dir, ctx.now()).catch((e: Error) => ctx.stderr.write(`sysdesign: warning: this result was not saved: ${e.message}\n`));
  const failed = !result.buildError && !result.stages.every((s) => s.status !== 'failed');
  if (failed) await queueReview(lab, result, ctx, opts.json);
  let repeatsFailed = 0;
  if (opts.repeat > 1 && !result.buildError) {
    const { runRepeats } = await import('../grader/repeat.js');
    repeatsFailed = await runRepeats({ ...request, seed, result, times: opts.repeat, gradeProgram, out: opts.json ? ctx.stderr : ctx.stdout, colors: colorsFor(ctx.stdout, ctx.env) });
  }
  if (!opts.json) printNextStep(result, lab.stages.length, ctx);
  if (result.buildError) return ExitCode.Toolchain;
  const ranAll = opts.stage === undefined || opts.stage >= lab.stages.length;
  const allRanPassed = result.stages.every((s) => s.status !== 'failed');
  return (ranAll ? result.passed : allRanPassed) && repeatsFailed === 0 ? ExitCode.Ok : ExitCode.ChecksFailed;
}

/** Stages passed in an earlier grade of this very workspace, track and lab version (all of them: run everything again). */
function stagesPassedBefore(progress: Progress, labId: string, workspace: string, track: string, version: number, total: number): number {
  const grades = progress.labs[labId]?.grades ?? [];
  const best = Math.max(0, ...grades.filter((g) => g.workspace === workspace && g.track === track && g.labVersion === version).map((g) => g.stagesPassed));
  return best >= total ? 0 : best;
}

/**
 * A failed stage puts questions up for review in the quiz: the stage's own questions when it names them,
 * else every question of the lab's plan items.
 */
async function queueReview(lab: Lab, result: import('../grader/events.js').GradeResult, ctx: CliContext, quiet: boolean): Promise<void> {
  const [bank, { queueQuestions }] = await Promise.all([questionBankFor(ctx), import('../quiz/queue.js')]);
  const failedStage = lab.stages.find((s) => result.stages.some((r) => r.id === s.id && r.status === 'failed'));
  const named = new Set(failedStage?.questions ?? []);
  const ids = named.size > 0
    ? bank.questions.filter((q) => named.has(q.id)).map((q) => q.id)
    : bank.questions.filter((q) => q.plan.some((p) => lab.plan.includes(p))).map((q) => q.id);
  if (ids.length === 0) return;
  await storeFor(ctx).update((p) => { queueQuestions(p, ids, ctx.now()); });
  const about = named.size > 0 ? `the stage "${failedStage!.title}"` : lab.plan.join(', ');
  if (!quiet) ctx.stdout.write(colorsFor(ctx.stdout, ctx.env).dim(`Queued ${ids.length} quiz questions on ${about} for review: \`${RUN} quiz --plan ${lab.plan[0]}\`.\n`));
}

export async function pickReporters(opts: { json: boolean; verbose: boolean }, ctx: CliContext) {
  if (opts.json) {
    const { JsonReporter } = await import('../grader/report/json.js');
    return [new JsonReporter(ctx.stdout)];
  }
  const { TextReporter } = await import('../grader/report/text.js');
  return [new TextReporter(ctx.stdout, colorsFor(ctx.stdout, ctx.env), opts.verbose)];
}

function printNextStep(result: import('../grader/events.js').GradeResult, total: number, ctx: CliContext): void {
  const c = colorsFor(ctx.stdout, ctx.env);
  const failed = result.stages.some((s) => s.status === 'failed');
  if (result.buildError) return;
  if (result.passed) ctx.stdout.write(c.dim(`Next: \`${RUN} list\` for another lab, or \`${RUN} start ${result.lab} --lang <other> --dir <folder>\` for the other track.\n`));
  else if (failed) ctx.stdout.write(c.dim(`Fix it, then run \`${RUN} grade\` again (\`${RUN} hint\` when stuck).\n`));
  // --stage K stopped early with everything passing: the rest is still ahead.
  else ctx.stdout.write(c.dim(`Next: \`${RUN} grade\` goes on with stage ${result.stagesPassed + 1} of ${total}.\n`));
}
