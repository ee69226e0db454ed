import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { METADATA_DIR } from '../workspace/metadata.js';
import { workspaceLab } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { pickReporters } from './grade.js';
import { parseOptions } from './shared-options.js';

export const BenchOptions = z.object({
  dir: z.string().optional(),
  json: z.boolean().default(false),
  fresh: z.boolean().default(false),
  quick: z.boolean().default(false),
  duration: z.coerce.number().min(0.5).max(120).optional(),
});
export type BenchOptions = z.infer<typeof BenchOptions>;

export const action: Action = (args, raw, ctx) => runBench(args[0], parseOptions(BenchOptions, raw), ctx);

/**
 * `sysdesign bench`: builds the workspace's program and runs only the lab's load-benchmark stage, the
 * reference measured (or taken from the cache) in the same run. Not recorded as a grade.
 */
export async function runBench(labId: string | undefined, opts: BenchOptions, ctx: CliContext): Promise<number> {
  const { ws, lab, track } = await workspaceLab(ctx, { dir: opts.dir, lab: labId });
  if (!lab.stages.some((s) => s.bench)) {
    throw new UsageError(`${lab.id} has no load benchmark`, 'only service labs have one; `sysdesign list` shows each lab\'s kind.');
  }
  const { requireToolchain } = await import('../tracks/toolchain.js');
  await requireToolchain(track, Object.keys(lab.tracks).filter((t) => t !== ws.metadata.track), ctx.env);
  const { gradeProgram } = await import('../grader/grade.js');
  const reporters = await pickReporters({ json: opts.json, verbose: false }, ctx);
  const result = await gradeProgram({
    lab, track, trackId: ws.metadata.track, layers: [ws.dir], buildRoot: join(ws.dir, METADATA_DIR, 'build'),
    seed: 1, env: ctx.env, signal: ctx.signal, reporters, benchOnly: true,
    bench: { quick: opts.quick, fresh: opts.fresh, durationSeconds: opts.duration, cacheHome: ctx.home },
  });
  if (result.buildError) return ExitCode.Toolchain;
  return result.stages.every((s) => s.status === 'passed') ? ExitCode.Ok : ExitCode.ChecksFailed;
}
