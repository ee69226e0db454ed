import { relative } from 'node:path';
import { z } from 'zod';
import { ExitCode } from '../exit-codes.js';
import { colorsFor } from '../ui/colors.js';
import { RUN } from '../workspace/launcher.js';
import { scaffoldWorkspace } from '../workspace/scaffold.js';
import { workspaceLab } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';
import { askYesNo } from './prompts.js';

export const ResetOptions = z.object({ dir: z.string().optional(), yes: z.boolean().default(false) });
export type ResetOptions = z.infer<typeof ResetOptions>;

export const action: Action = (args, raw, ctx) => runReset(args[0], parseOptions(ResetOptions, raw), ctx);

/** Back to the starter files, after a yes, with the learner's files kept in a timestamped backup. */
export async function runReset(labId: string | undefined, opts: ResetOptions, ctx: CliContext): Promise<number> {
  const { ws, lab } = await workspaceLab(ctx, { dir: opts.dir, lab: labId });
  const result = await scaffoldWorkspace({
    lab, track: ws.metadata.track, dir: ws.dir, force: true, now: ctx.now(),
    declinedHint: ctx.interactive ? 'your files are as they were.' : `there is no terminal to ask on; \`${RUN} reset --yes\` resets without asking.`,
    confirm: async () => opts.yes || (ctx.interactive && (await askYesNo(`Reset ${lab.id} to its starter files? Your files are kept in a backup.`, ctx))),
  });
  const c = colorsFor(ctx.stdout, ctx.env);
  ctx.stdout.write(c.green(`Reset ${relative(ctx.cwd, ws.dir) || '.'} to the ${lab.title} starter (${ws.metadata.track} track).\n`));
  if (result.backup) ctx.stdout.write(`Your previous files are in ${relative(ctx.cwd, result.backup)}.\n`);
  return ExitCode.Ok;
}
