import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../ui/colors.js';
import { RUN } from '../workspace/launcher.js';
import { storeFor, workspaceLab } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';

export const SolutionOptions = z.object({ dir: z.string().optional(), diff: z.boolean().default(false) });
export type SolutionOptions = z.infer<typeof SolutionOptions>;

export const action: Action = (args, raw, ctx) => runSolution(args[0], parseOptions(SolutionOptions, raw), ctx);

/** The reference solution of the learner's track, only once every stage has passed (in that track). */
export async function runSolution(labId: string | undefined, opts: SolutionOptions, ctx: CliContext): Promise<number> {
  const { ws, lab } = await workspaceLab(ctx, { dir: opts.dir, lab: labId });
  const progress = await storeFor(ctx).read();
  const record = progress.labs[lab.id];
  const passedHere = Boolean(record?.grades.some((g) => g.passed && g.track === ws.metadata.track));
  const c = colorsFor(ctx.stdout, ctx.env);
  if (!passedHere) {
    const stage = Math.min((record?.stagesPassed ?? 0) + 1, lab.stages.length);
    ctx.stderr.write(`sysdesign: the reference solution of ${lab.id} opens once every stage passes in the ${ws.metadata.track} track; you are at stage ${stage} of ${lab.stages.length}.\n`);
    ctx.stderr.write(`  Keep going with \`${RUN} grade\` and \`${RUN} hint\`.\n`);
    return ExitCode.ChecksFailed;
  }
  const track = lab.tracks[ws.metadata.track];
  for (const file of track.edit) {
    const reference = await readFile(join(lab.dir, track.reference, file), 'utf8');
    if (opts.diff) {
      const mine = await readFile(join(ws.dir, file), 'utf8').catch(() => '');
      const { createTwoFilesPatch } = await import('diff');
      // A unified diff from your file to the reference: `-` lines are yours, `+` lines the reference's.
      const patch = createTwoFilesPatch(`yours/${file}`, `reference/${file}`, mine, reference, undefined, undefined, { context: 3 });
      const body = patch.split('\n').filter((l) => !l.startsWith('====')).join('\n').trimEnd();
      ctx.stdout.write(`${mine === reference ? c.dim(`${file}: the same as the reference`) : colourDiff(body, c)}\n`);
    } else {
      ctx.stdout.write(`${c.bold(`── reference ${file} ──`)}\n${reference}\n`);
    }
  }
  return ExitCode.Ok;
}

function colourDiff(diff: string, c: ReturnType<typeof colorsFor>): string {
  return diff.split('\n').map((l) => (l.startsWith('+++') || l.startsWith('---') ? c.bold(l)
    : l.startsWith('@@') ? c.cyan(l) : l.startsWith('+') ? c.green(l) : l.startsWith('-') ? c.red(l) : l)).join('\n');
}
