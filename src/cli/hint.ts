import { z } from 'zod';
import { ExitCode } from '../exit-codes.js';
import { recordHint } from '../progress/labs.js';
import { colorsFor } from '../ui/colors.js';
import { RUN } from '../workspace/launcher.js';
import { storeFor, workspaceLab } from './catalog-access.js';
import type { Action } from './commands.js';
import type { CliContext } from './context.js';
import { parseOptions } from './shared-options.js';

export const HintOptions = z.object({ dir: z.string().optional(), all: z.boolean().default(false) });
export type HintOptions = z.infer<typeof HintOptions>;

export const action: Action = (args, raw, ctx) => runHint(args[0], parseOptions(HintOptions, raw), ctx);

export async function runHint(labId: string | undefined, opts: HintOptions, ctx: CliContext): Promise<number> {
  const { lab } = await workspaceLab(ctx, { dir: opts.dir, lab: labId });
  const store = storeFor(ctx);
  const shownBefore = (await store.read()).labs[lab.id]?.hintsShown ?? 0;
  const total = lab.hints.length;
  const c = colorsFor(ctx.stdout, ctx.env);
  // On a terminal, wrap at word boundaries a column short of its width (the terminal itself would cut words).
  const width = ctx.stdout.isTTY && ctx.stdout.columns ? ctx.stdout.columns - 1 : undefined;
  const wrap = width ? (await import('wrap-ansi')).default : undefined;
  const show = (n: number) => {
    const text = lab.hints[n - 1].trim();
    ctx.stdout.write(`${c.bold(`Hint ${n} of ${total}`)}\n${wrap && width ? wrap(text, width, { hard: true }) : text}\n\n`);
  };
  if (opts.all) {
    // Every hint shown so far, and nothing new: revealing one is what plain `hint` is for.
    const seen = Math.min(shownBefore, total);
    for (let n = 1; n <= seen; n++) show(n);
    if (seen === 0) ctx.stdout.write(`No hint shown yet; \`${RUN} hint\` shows the first.\n`);
    else if (seen < total) ctx.stdout.write(c.dim(`${seen} of ${total} hints shown; \`${RUN} hint\` shows the next.\n`));
    return ExitCode.Ok;
  }
  const next = Math.min(shownBefore + 1, total);
  show(next);
  if (next === total) ctx.stdout.write(c.dim(shownBefore >= total ? `That was the last hint; \`${RUN} hint --all\` shows them all.\n` : 'That is the last hint.\n'));
  await recordHint(store, lab.id, next);
  return ExitCode.Ok;
}
