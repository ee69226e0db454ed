import { join } from 'node:path';
import { z } from 'zod';
import { ExitCode } from '../exit-codes.js';
import { recordGrade } from '../progress/labs.js';
import { colorsFor } from '../ui/colors.js';
import { locateWorkspace } from '../workspace/locate.js';
import { METADATA_DIR } from '../workspace/metadata.js';
import { catalogFor, storeFor } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';

export const GradeOptions = z.object({
  dir: z.string().optional(),
  json: z.boolean().default(false),
  seed: z.coerce.number().int().nonnegative().optional(),
  stage: z.coerce.number().int().positive().optional(),
  verbose: z.boolean().default(false),
  quick: z.boolean().default(false),
  fresh: z.boolean().default(false),
});
export type GradeOptions = z.infer<typeof GradeOptions>;

export const action: Action = (args, raw, ctx) => runGrade(args[0], parseOptions(GradeOptions, raw), ctx);

export async function runGrade(labId: string | undefined, opts: GradeOptions, ctx: CliContext): Promise<number> {
  const ws = await locateWorkspace({ cwd: ctx.cwd, dir: opts.dir, lab: labId });
  const catalog = await catalogFor(ctx);
  const lab = catalog.lab(ws.metadata.lab);
  const track = catalog.track(ws.metadata.track);
  const { requireToolchain } = await import('../tracks/toolchain.js');
  await requireToolchain(track, Object.keys(lab.tracks).filter((t) => t !== ws.metadata.track), ctx.env);
  const [{ gradeProgram }, { randomSeed }] = await Promise.all([import('../grader/grade.js'), import('../grader/random.js')]);
  const reporters = await pickReporters(opts, ctx);
  if (ws.metadata.labVersion !== lab.version) {
    ctx.stderr.write(`sysdesign: note: this workspace was made for version ${ws.metadata.labVersion} of ${lab.id}; the checks are now version ${lab.version}.\n`);
  }
  const result = await gradeProgram({
    lab, track, trackId: ws.metadata.track, layers: [ws.dir], buildRoot: join(ws.dir, METADATA_DIR, 'build'),
    seed: opts.seed ?? randomSeed(), env: ctx.env, signal: ctx.signal, reporters, untilStage: opts.stage,
    bench: { quick: opts.quick, fresh: opts.fresh, cacheHome: ctx.home },
  });
  await recordGrade(storeFor(ctx), result, ws.dir, ctx.now());
  if (!opts.json) printNextStep(result, ctx);
  if (result.buildError) return ExitCode.Toolchain;
  const ranAll = opts.stage === undefined || opts.stage >= lab.stages.length;
  const allRanPassed = result.stages.every((s) => s.status === 'passed');
  return (ranAll ? result.passed : allRanPassed) ? ExitCode.Ok : ExitCode.ChecksFailed;
}

export async function pickReporters(opts: { json: boolean; verbose: boolean }, ctx: CliContext) {
  if (opts.json) {
    const { JsonReporter } = await import('../grader/report/json.js');
    return [new JsonReporter(ctx.stdout)];
  }
  const { TextReporter } = await import('../grader/report/text.js');
  return [new TextReporter(ctx.stdout, colorsFor(ctx.stdout, ctx.env), opts.verbose)];
}

function printNextStep(result: import('../grader/events.js').GradeResult, ctx: CliContext): void {
  const c = colorsFor(ctx.stdout, ctx.env);
  if (result.passed) ctx.stdout.write(c.dim(`Next: \`sysdesign list\` for another lab, or \`sysdesign start ${result.lab} --lang <other> --dir <folder>\` for the other track.\n`));
  else if (!result.buildError) ctx.stdout.write(c.dim('Fix it, then run `sysdesign grade` again (`sysdesign hint` when stuck).\n'));
}
